using Backends.Memcached;
using Backends.Runtime;

[assembly: BackendAdapter("memcached", typeof(MemcachedBackend), typeof(MemcachedSettings), ClassName = "Memcached", PackageId = "Backends.Memcached")]
