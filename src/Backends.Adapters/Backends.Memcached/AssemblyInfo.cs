using Backends.Memcached;
using Backends.Runtime;

[assembly: BackendAdapter(MemcachedBackend.KindName, typeof(MemcachedBackend), typeof(MemcachedSettings), ClassName = "Memcached", PackageId = "Backends.Memcached")]
