namespace Shelter.Host.Privacy;

/// <summary>The <c>Shelter:Privacy</c> configuration section: where the privacy key and the per-person key store are.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Shelter:Privacy";

    /// <summary>The privacy key, base64 of at least 32 bytes, the same on every node of a cluster. Empty: <see cref="KeyFile"/>.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// The file holding the privacy key, made at first start when missing. It must lie outside the data folder, so that
    /// no backup of the data folder holds it. Empty: <c>&lt;data folder&gt;.privacy.key</c> beside the data folder.
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// A PostgreSQL connection string for the key store in a cluster. Empty: the cluster's database (a table of its own),
    /// or on a single node the SQLite file <c>person-keys.db</c> in the data folder, which backups leave out.
    /// </summary>
    public string? KeyStoreConnectionString { get; set; }

    /// <summary>Whether <see cref="KeyFile"/> was set in configuration rather than defaulted.</summary>
    internal bool KeyFileConfigured { get; set; }
}
