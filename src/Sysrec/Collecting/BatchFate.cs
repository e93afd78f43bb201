namespace Sysrec.Collecting;

/// <summary>What became of a message given to <see cref="CollectedDataset.Add"/>.</summary>
internal enum BatchFate
{
    /// <summary>Its new records are in the dataset (perhaps none, when it came before).</summary>
    Kept,
    /// <summary>Records of its recorder before it have not come yet: give it again once they have.</summary>
    Later,
    /// <summary>Not a record batch: counted, left out.</summary>
    NotABatch,
    /// <summary>Its header names a host its subject does not: counted, left out.</summary>
    WrongHost,
}
