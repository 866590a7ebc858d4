using Microsoft.Extensions.Options;
using Shelter.Access;
using Shelter.Credentials;
using Shelter.Host.Options;

namespace Shelter.Host.Access;

/// <summary>
/// The one token not in the store: the admin token that issues the others. Configured (<c>Shelter:AdminToken</c>, at
/// least 32 characters) or, when not, made once and kept in <c>admin-token</c> in the data folder, readable by its
/// owner only; it never reaches the console or a log.
/// </summary>
public sealed class BootstrapAdmin
{
    public const int MinimumLength = 32;
    public const string FileName = "admin-token";
    public const string TokenId = "bootstrap";

    private readonly string _digest;

    public BootstrapAdmin(IOptions<ShelterOptions> options, TimeProvider clock)
    {
        var configured = options.Value.AdminToken;
        if (!string.IsNullOrEmpty(configured))
        {
            if (configured.Length < MinimumLength)
            {
                throw new OptionsValidationException(ShelterOptions.Section, typeof(ShelterOptions),
                    [$"Shelter:AdminToken must be at least {MinimumLength} characters (128 bits of randomness or more); leave it empty to have one made."]);
            }
            Text = configured;
        }
        else
        {
            File = System.IO.Path.GetFullPath(System.IO.Path.Combine(options.Value.DataDirectory, FileName));
            Text = ReadOrCreate(File);
        }
        _digest = TokenSecret.Hash(Text);
        Token = new AccessToken(TokenId, AccessRole.Admin, "bootstrap admin", AccessScope.Everything, _digest, clock.GetUtcNow(), "configuration", null);
    }

    /// <summary>The token's text, for this node's own demo; never logged.</summary>
    public string Text { get; }

    /// <summary>Where the made token is kept; null when it was configured.</summary>
    public string? File { get; }

    public AccessToken Token { get; }

    public bool Matches(string presented) => TokenSecret.SameDigest(TokenSecret.Hash(presented), _digest);

    private static string ReadOrCreate(string path)
    {
        if (System.IO.File.Exists(path))
        {
            return System.IO.File.ReadAllText(path).Trim();
        }
        var text = TokenSecret.Create(AccessRole.Admin).Text;
        OwnerOnlyFile.Write(path, text + Environment.NewLine);
        return text;
    }
}
