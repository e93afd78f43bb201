using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Sysrec.IO;

namespace Sysrec.Streaming;

/// <summary>
/// The local file batches wait in while the broker is slow or away, kept across runs: what one run could
/// not publish the next sends first. Batches leave it in the order they came. Little-endian:
/// <c>"SRSP" u32 version u64 read_offset</c>, then entries <c>u32 length u32 records batch[length]</c>;
/// read_offset is the first entry not yet published. While recording it never grows past its size limit:
/// a batch that would pass it is refused, and the caller counts its records as lost. At the end of a run
/// what is still in memory (at most the publisher's queue) is kept even past it, rather than lost.
/// </summary>
internal sealed class Spool : IDisposable
{
    private const int HeaderLength = 16;
    private const int EntryHeaderLength = 8;
    private const string Remedy = "Choose another file with --spool FILE";
    private static ReadOnlySpan<byte> Magic => "SRSP"u8;

    private readonly SafeFileHandle _file;
    private readonly long _maxBytes;
    private readonly byte[] _entryHeader = new byte[EntryHeaderLength];
    private long _readOffset;
    private long _writeOffset;
    // Only a file read as a spool is ever removed, never one that turned out to hold something else.
    private bool _loaded;

    private Spool(string path, SafeFileHandle file, long maxBytes)
    {
        Path = path;
        _file = file;
        _maxBytes = maxBytes;
    }

    public string Path { get; }

    /// <summary>Records waiting in the file.</summary>
    public long PendingRecords { get; private set; }

    public bool HasPending => _readOffset < _writeOffset;

    /// <summary>Opens the spool at <paramref name="path"/>, keeping the batches an earlier run left in it.</summary>
    public static Spool Open(string path, long maxBytes)
    {
        SafeFileHandle file = OutputFiles.OpenOrCreate(path, Remedy);
        var spool = new Spool(path, file, maxBytes);
        try
        {
            spool.Load();
            spool._loaded = true;
            return spool;
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    /// <summary>Why the last append that failed failed, if a write did (the disk is full), not the size limit.</summary>
    public string? WriteError { get; private set; }

    /// <summary>Appends a batch at the end; false when it would pass the size limit or cannot be written.</summary>
    public bool TryAppend(ReadOnlySpan<byte> batch, int records, bool ignoreLimit = false)
    {
        if (!ignoreLimit && _writeOffset + EntryHeaderLength + batch.Length > _maxBytes)
            return false;
        BinaryPrimitives.WriteUInt32LittleEndian(_entryHeader, (uint)batch.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_entryHeader.AsSpan(4), (uint)records);
        try
        {
            RandomAccess.Write(_file, _entryHeader, _writeOffset);
            RandomAccess.Write(_file, batch, _writeOffset + EntryHeaderLength);
        }
        catch (IOException e)
        {
            // The next append writes over whatever part of this one made it.
            WriteError = FileErrors.Reason(e);
            return false;
        }
        _writeOffset += EntryHeaderLength + batch.Length;
        PendingRecords += records;
        return true;
    }

    /// <summary>Reads the oldest waiting batch into <paramref name="buffer"/> (grown if too small); returns its length.</summary>
    public int ReadOldest(ref byte[] buffer, out int records)
    {
        RandomAccess.Read(_file, _entryHeader, _readOffset);
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(_entryHeader);
        records = (int)BinaryPrimitives.ReadUInt32LittleEndian(_entryHeader.AsSpan(4));
        if (buffer.Length < length)
            buffer = new byte[length];
        RandomAccess.Read(_file, buffer.AsSpan(0, length), _readOffset + EntryHeaderLength);
        return length;
    }

    /// <summary>The oldest batch is published: it leaves the spool, and an emptied spool shrinks back to nothing.</summary>
    public void RemoveOldest()
    {
        RandomAccess.Read(_file, _entryHeader, _readOffset);
        _readOffset += EntryHeaderLength + BinaryPrimitives.ReadUInt32LittleEndian(_entryHeader);
        PendingRecords -= BinaryPrimitives.ReadUInt32LittleEndian(_entryHeader.AsSpan(4));
        if (_readOffset >= _writeOffset)
        {
            _readOffset = _writeOffset = HeaderLength;
            RandomAccess.SetLength(_file, HeaderLength);
        }
        WriteReadOffset();
    }

    /// <summary>
    /// Puts <paramref name="older"/> batches, which came before every batch in the spool, ahead of them:
    /// what was still in memory at the end of a run. The file is rewritten beside and renamed over the old one.
    /// Returns the records of the batches the disk refused, which are lost.
    /// </summary>
    public long KeepAhead(IReadOnlyList<(ReadOnlyMemory<byte> Batch, int Records)> older)
    {
        long refused = 0;
        if (older.Count == 0)
            return refused;
        if (!HasPending)
        {
            foreach ((ReadOnlyMemory<byte> batch, int records) in older)
            {
                if (!TryAppend(batch.Span, records, ignoreLimit: true))
                    refused += records;
            }
            return refused;
        }
        string temporary = Path + ".new";
        try
        {
            OutputFiles.Delete(temporary, Remedy);
            using SafeFileHandle rewritten = OutputFiles.CreateNew(temporary, Remedy);
            using var replacement = new Spool(temporary, rewritten, long.MaxValue);
            replacement.Write(Header(HeaderLength), 0);
            replacement._readOffset = replacement._writeOffset = HeaderLength;
            foreach ((ReadOnlyMemory<byte> batch, int records) in older)
            {
                if (!replacement.TryAppend(batch.Span, records))
                    throw new IOException(replacement.WriteError);
            }
            byte[] copy = new byte[1 << 20];
            for (long offset = _readOffset; offset < _writeOffset;)
            {
                int read = RandomAccess.Read(_file, copy.AsSpan(0, (int)Math.Min(copy.Length, _writeOffset - offset)), offset);
                replacement.Write(copy.AsSpan(0, read), replacement._writeOffset);
                replacement._writeOffset += read;
                offset += read;
            }
        }
        catch (Exception e) when (e is IOException or SysrecException)
        {
            // The spool stays as it was; the batches that were to go ahead of it are lost, and counted.
            WriteError = e.Message;
            OutputFiles.DeleteQuietly(temporary);
            return older.Sum(entry => (long)entry.Records);
        }
        OutputFiles.Replace(temporary, Path, Remedy);
        PendingRecords += older.Sum(entry => (long)entry.Records);
        return refused;
    }

    /// <summary>Closes the spool; an empty one is removed, so only a spool that holds records is left behind.</summary>
    public void Dispose()
    {
        if (_loaded && !HasPending && !_file.IsClosed)
            OutputFiles.DeleteQuietly(Path);
        _file.Dispose();
    }

    private void Load()
    {
        long length = RandomAccess.GetLength(_file);
        byte[] header = new byte[HeaderLength];
        if (length < HeaderLength || RandomAccess.Read(_file, header, 0) < HeaderLength || !header.AsSpan(0, 4).SequenceEqual(Magic))
        {
            if (length > 0)
                throw new SysrecException(ExitCodes.Failure, $"cannot use {Path} as a spool: it holds something else. {Remedy}");
            Write(Header(HeaderLength), 0);
            _readOffset = _writeOffset = HeaderLength;
            return;
        }
        _readOffset = Math.Max(HeaderLength, BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(8)));
        // A run that ended in the middle of an append leaves a torn last entry: the spool ends before it.
        long offset = _readOffset;
        while (offset + EntryHeaderLength <= length && RandomAccess.Read(_file, _entryHeader, offset) == EntryHeaderLength)
        {
            long end = offset + EntryHeaderLength + BinaryPrimitives.ReadUInt32LittleEndian(_entryHeader);
            if (end > length)
                break;
            PendingRecords += BinaryPrimitives.ReadUInt32LittleEndian(_entryHeader.AsSpan(4));
            offset = end;
        }
        _writeOffset = offset;
        if (_readOffset > _writeOffset)
            _readOffset = _writeOffset;
        RandomAccess.SetLength(_file, _writeOffset);
    }

    private static byte[] Header(long readOffset)
    {
        byte[] header = new byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 1);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), readOffset);
        return header;
    }

    private void WriteReadOffset()
    {
        BinaryPrimitives.WriteInt64LittleEndian(_entryHeader, _readOffset);
        Write(_entryHeader, 8);
    }

    private void Write(ReadOnlySpan<byte> bytes, long offset)
    {
        try
        {
            RandomAccess.Write(_file, bytes, offset);
        }
        catch (IOException e)
        {
            throw new SysrecException(ExitCodes.Failure, $"cannot write the spool {Path}: {FileErrors.Reason(e)}. Free some space or {Remedy.ToLowerInvariant()}");
        }
    }
}
