using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Backends.Memcached.Protocol;

/// <summary>Reading the server's answers: each is matched to the request at the head of the in-flight queue.</summary>
internal sealed partial class MemcachedLink
{
    /// <summary>Handles one whole answer at the start of <paramref name="data"/>; returns the bytes it took, or 0 when more must be read.</summary>
    private int ProcessAnswer(ReadOnlySpan<byte> data, out int needed)
    {
        needed = 0;
        var lineEnd = data.IndexOf(CrLf);
        if (lineEnd < 0)
        {
            if (data.Length > MaxLineLength)
            {
                throw new MemcachedProtocolException($"memcached server {_server.Name} sent a line longer than {MaxLineLength} bytes.");
            }

            return 0;
        }

        var line = data[..lineEnd];
        var consumed = lineEnd + 2;
        MemcachedOperation operation;
        lock (_gate)
        {
            if (_failed)
            {
                return data.Length;
            }

            if (!_inFlight.TryPeek(out operation!))
            {
                throw Unexpected(line, "with no request waiting");
            }
        }

        if (operation.Kind == OperationKind.GetMany && !operation.BatchKeyByKey)
        {
            return ProcessClassicBatchAnswer(data, line, consumed, operation, out needed);
        }

        if (line.Length >= 2 && line[0] == 'V' && line[1] == 'A')
        {
            // VA <size> <flags>*\r\n<data>\r\n
            var rest = line.Length > 3 ? line[3..] : [];
            var space = rest.IndexOf((byte)' ');
            var value = ValueAfter(data, line, consumed, space < 0 ? rest : rest[..space], out var total, out needed);
            if (needed > 0)
            {
                return 0;
            }

            var flags = ParseFlags(space < 0 ? [] : rest[(space + 1)..]);
            if (operation.Kind == OperationKind.GetMany)
            {
                AddToBatch(operation, flags, value, line);
                return total;
            }

            if (operation.Kind != OperationKind.Get)
            {
                throw Unexpected(line, "to a " + operation.Kind + " request");
            }

            CheckOpaque(operation, flags, line);
            if (!Take(operation))
            {
                return data.Length;
            }

            if (operation.TryBeginComplete())
            {
                operation.Status = OperationStatus.Hit;
                operation.Cas = flags.Cas;
                try
                {
                    if (operation.Destination is { } destination)
                    {
                        destination.Write(value);
                    }
                    else
                    {
                        operation.Result = value.ToArray();
                    }
                }
                catch (Exception ex)
                {
                    // The caller's buffer writer threw: that is the caller's error, not the connection's.
                    operation.Fail(ex);
                    return total;
                }

                operation.Complete();
            }
            else
            {
                operation.Release();
            }

            return total;
        }

        var code = line.Length >= 2 ? line[..2] : line;
        var status = OperationStatus.None;
        if (line.Length == 2 || (line.Length > 2 && line[2] == ' '))
        {
            status = (code[0], code[1]) switch
            {
                ((byte)'H', (byte)'D') => operation.Kind switch
                {
                    OperationKind.Set => OperationStatus.Stored,
                    OperationKind.Delete => OperationStatus.Deleted,
                    _ => OperationStatus.Hit,
                },
                ((byte)'E', (byte)'N') => OperationStatus.Miss,
                ((byte)'N', (byte)'S') => OperationStatus.NotStored,
                ((byte)'E', (byte)'X') => OperationStatus.Exists,
                ((byte)'N', (byte)'F') => OperationStatus.NotFound,
                ((byte)'M', (byte)'N') => OperationStatus.NoOp,
                _ => OperationStatus.None,
            };
        }

        if (status == OperationStatus.Miss && operation.Kind == OperationKind.GetMany)
        {
            lock (_gate)
            {
                if (!_failed)
                {
                    NextInBatch(operation, line);
                }
            }

            return consumed;
        }

        if (status != OperationStatus.None)
        {
            var expected = operation.Kind switch
            {
                OperationKind.Get => status is OperationStatus.Miss or OperationStatus.Hit,
                OperationKind.Set => status is OperationStatus.Stored or OperationStatus.NotStored or OperationStatus.Exists or OperationStatus.NotFound,
                OperationKind.Delete => status is OperationStatus.Deleted or OperationStatus.NotFound or OperationStatus.Exists,
                OperationKind.NoOp => status == OperationStatus.NoOp,
                OperationKind.GetMany => status == OperationStatus.NoOp && operation.BatchAnswered == operation.Batch!.Count,
                _ => false,
            };
            if (!expected)
            {
                throw Unexpected(line, "to a " + operation.Kind + " request");
            }

            var flags = ParseFlags(line.Length > 3 ? line[3..] : []);
            if (operation.Kind is OperationKind.Get or OperationKind.Set or OperationKind.Delete)
            {
                CheckOpaque(operation, flags, line);
            }

            if (!Take(operation))
            {
                return data.Length;
            }

            if (operation.TryBeginComplete())
            {
                operation.Status = status;
                operation.Cas = flags.Cas;
                operation.Complete();
            }
            else
            {
                operation.Release();
            }

            return consumed;
        }

        if (line.StartsWith("VERSION "u8) && operation.Kind == OperationKind.Version)
        {
            if (!Take(operation))
            {
                return data.Length;
            }

            if (operation.TryBeginComplete())
            {
                operation.Text = Encoding.ASCII.GetString(line[8..]);
                operation.Complete();
            }
            else
            {
                operation.Release();
            }

            return consumed;
        }

        Exception? error = null;
        if (line.StartsWith("SERVER_ERROR"u8))
        {
            var message = Encoding.ASCII.GetString(line[Math.Min(line.Length, 13)..]);
            error = message.Contains("too large", StringComparison.Ordinal)
                ? new MemcachedValueTooLargeException(
                    $"memcached server {_server.Name} refused a value of {operation.Value.Length} bytes: SERVER_ERROR {message}. The server's item size limit (memcached -I, 1 MB by default) includes the key and about 50 bytes of item header; store less, or raise -I.")
                {
                    Server = _server.Name,
                    ValueLength = operation.Value.Length,
                }
                : new MemcachedServerException($"memcached server {_server.Name} failed a {operation.Kind} request: SERVER_ERROR {message}") { Server = _server.Name };
        }
        else if (line.StartsWith("CLIENT_ERROR"u8))
        {
            error = new MemcachedProtocolException(
                $"memcached server {_server.Name} rejected a {operation.Kind} request: CLIENT_ERROR {Encoding.ASCII.GetString(line[Math.Min(line.Length, 13)..])}")
            { Server = _server.Name };
        }
        else if (line.SequenceEqual("ERROR"u8))
        {
            error = new MemcachedProtocolException(
                $"memcached server {_server.Name} does not know the {operation.Kind} command (ERROR): the meta protocol needs memcached 1.6 or later.")
            { Server = _server.Name };
        }

        if (error is null)
        {
            throw Unexpected(line, "to a " + operation.Kind + " request");
        }

        if (operation.Kind == OperationKind.GetMany)
        {
            // One key failed: it is a miss, its error is kept, and the rest of the batch is read on.
            var text = Encoding.ASCII.GetString(line[..Math.Min(line.Length, 120)]);
            lock (_gate)
            {
                // Under the gate, as every use of the batch here: a failing link completes the operation from another
                // thread, after which its batch may go back to the pools.
                if (!_failed)
                {
                    var key = NextInBatch(operation, line);
                    (operation.BatchErrors ??= []).Add(new MemcachedServerException($"memcached server {_server.Name} failed the get of \"{key}\" in a batch: {text}", error)
                    {
                        Server = _server.Name,
                    });
                }
            }

            return consumed;
        }

        if (!Take(operation))
        {
            return data.Length;
        }

        if (operation.TryBeginComplete())
        {
            operation.Fail(error);
        }
        else
        {
            operation.Release();
        }

        return consumed;
    }

    /// <summary>
    /// One line (with its value) of the answer to a classic <c>get</c> of a batch: <c>VALUE key flags bytes</c> for
    /// each hit, in request order (a miss is left out), then <c>END</c>; or an error instead of the whole answer.
    /// </summary>
    private int ProcessClassicBatchAnswer(ReadOnlySpan<byte> data, ReadOnlySpan<byte> line, int consumed, MemcachedOperation operation, out int needed)
    {
        needed = 0;
        if (line.StartsWith("VALUE "u8))
        {
            var rest = line[6..];
            var space = rest.IndexOf((byte)' ');
            var key = space < 0 ? [] : rest[..space];
            rest = space < 0 ? [] : rest[(space + 1)..];
            space = rest.IndexOf((byte)' '); // past the client flags
            rest = space < 0 ? [] : rest[(space + 1)..];
            space = rest.IndexOf((byte)' ');
            if (key.IsEmpty)
            {
                throw Unexpected(line, "that is not VALUE <key> <flags> <bytes>");
            }

            var value = ValueAfter(data, line, consumed, space < 0 ? rest : rest[..space], out var total, out needed);
            if (needed > 0)
            {
                return 0;
            }

            var copy = value.ToArray();
            lock (_gate)
            {
                // Under the gate: a failing link completes this operation from another thread, after which its batch may
                // go back to the pools.
                if (_failed)
                {
                    return total;
                }

                var batch = operation.Batch!;
                var position = operation.BatchAnswered;
                while (position < batch.Count && !batch.WireKey(position).SequenceEqual(key))
                {
                    position++; // the keys passed over were misses
                }

                if (position == batch.Count)
                {
                    throw Unexpected(line, "for a key that was not asked for at this place in the batch");
                }

                batch.SetValue(position, copy);
                operation.BatchAnswered = position + 1;
            }

            return total;
        }

        if (line.SequenceEqual("END"u8))
        {
            return CompleteBatch(operation, data, consumed, failure: null);
        }

        if (line.StartsWith("SERVER_ERROR"u8) || line.StartsWith("CLIENT_ERROR"u8))
        {
            // memcached drops the whole answer of a get that fails (out of memory writing it, say): the caller asks again
            // key by key, so that only the key that fails is a miss.
            var failure = new MemcachedServerException(
                $"memcached server {_server.Name} failed a get of {operation.Batch!.Count} keys: {Encoding.ASCII.GetString(line[..Math.Min(line.Length, 120)])}; they are asked again one by one")
            {
                Server = _server.Name,
            };
            return CompleteBatch(operation, data, consumed, failure);
        }

        throw Unexpected(line, "to a get of " + operation.Batch!.Count + " keys");
    }

    /// <summary>
    /// The value that follows a value line of <paramref name="consumed"/> bytes, <paramref name="sizeToken"/> bytes long
    /// and closed by CR LF; <paramref name="total"/> is what line and value take. When it has not all arrived,
    /// <paramref name="needed"/> says how many bytes must be buffered (else 0) and the span is empty.
    /// </summary>
    private ReadOnlySpan<byte> ValueAfter(ReadOnlySpan<byte> data, ReadOnlySpan<byte> line, int consumed, ReadOnlySpan<byte> sizeToken, out int total, out int needed)
    {
        if (!Utf8Parser.TryParse(sizeToken, out int size, out var used) || used != sizeToken.Length || size < 0)
        {
            throw Unexpected(line, "with a bad value size");
        }

        total = consumed + size + 2;
        needed = data.Length < total ? total : 0;
        if (needed > 0)
        {
            return [];
        }

        if (!data.Slice(consumed + size, 2).SequenceEqual(CrLf))
        {
            throw Unexpected(line, "without CR LF after its value");
        }

        return data.Slice(consumed, size);
    }

    private int CompleteBatch(MemcachedOperation operation, ReadOnlySpan<byte> data, int consumed, MemcachedServerException? failure)
    {
        if (!Take(operation))
        {
            return data.Length;
        }

        if (operation.TryBeginComplete())
        {
            operation.Status = OperationStatus.NoOp;
            operation.BatchFailure = failure;
            operation.Complete();
        }
        else
        {
            operation.Release();
        }

        return consumed;
    }

    private void AddToBatch(MemcachedOperation operation, ResponseFlags flags, ReadOnlySpan<byte> value, ReadOnlySpan<byte> line)
    {
        if (flags.Key.IsEmpty)
        {
            throw Unexpected(line, "without the key of a batched get");
        }

        var copy = value.ToArray();
        lock (_gate)
        {
            // Under the gate: a failing link completes this operation from another thread, after which its batch may go
            // back to the pools.
            if (_failed)
            {
                return;
            }

            var position = operation.BatchAnswered;
            var batch = operation.Batch!;
            if (position >= batch.Count || !flags.Key.SequenceEqual(batch.WireKey(position)))
            {
                throw Unexpected(line, "for a key that was not asked for at this place in the batch");
            }

            operation.BatchAnswered = position + 1;
            batch.SetValue(position, copy);
        }
    }

    /// <summary>Moves past the next key of a batch (a miss or an error); returns its name. Called under the gate.</summary>
    private string NextInBatch(MemcachedOperation operation, ReadOnlySpan<byte> line)
    {
        var position = operation.BatchAnswered;
        var batch = operation.Batch!;
        if (position >= batch.Count)
        {
            throw Unexpected(line, "after every key of the batch was answered");
        }

        operation.BatchAnswered = position + 1;
        return batch.KeyAt(position);
    }

    private void CheckOpaque(MemcachedOperation operation, ResponseFlags flags, ReadOnlySpan<byte> line)
    {
        if (flags.HasOpaque && flags.Opaque != operation.Opaque)
        {
            throw Unexpected(line, $"whose opaque token does not match the request's O{operation.Opaque}");
        }
    }

    private MemcachedProtocolException Unexpected(ReadOnlySpan<byte> line, string context)
    {
        var shown = Encoding.ASCII.GetString(line[..Math.Min(line.Length, 120)]);
        return new MemcachedProtocolException($"memcached server {_server.Name} answered \"{shown}\" {context}; the connection is out of step and is dropped.")
        {
            Server = _server.Name,
        };
    }

    private static ResponseFlags ParseFlags(ReadOnlySpan<byte> tokens)
    {
        var flags = default(ResponseFlags);
        while (!tokens.IsEmpty)
        {
            var space = tokens.IndexOf((byte)' ');
            var token = space < 0 ? tokens : tokens[..space];
            tokens = space < 0 ? [] : tokens[(space + 1)..];
            if (token.IsEmpty)
            {
                continue;
            }

            var argument = token[1..];
            switch (token[0])
            {
                case (byte)'O':
                    flags.HasOpaque = Utf8Parser.TryParse(argument, out uint opaque, out _);
                    flags.Opaque = opaque;
                    break;
                case (byte)'c':
                    flags.Cas = Utf8Parser.TryParse(argument, out ulong cas, out _) ? cas : 0;
                    break;
                case (byte)'k':
                    flags.Key = argument;
                    break;
            }
        }

        return flags;
    }

    private ref struct ResponseFlags
    {
        public bool HasOpaque;
        public uint Opaque;
        public ulong Cas;
        public ReadOnlySpan<byte> Key;
    }
}
