// Dapper.AOT intercepts every Dapper call in this assembly and replaces Dapper's run-time reflection with generated
// code, so the same calls work under native AOT. It needs InterceptorsNamespaces in the project file as well.
[module: Dapper.DapperAot]
