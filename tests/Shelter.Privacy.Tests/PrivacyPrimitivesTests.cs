using System.Security.Cryptography;
using System.Text;
using Shelter.Storage;

namespace Shelter.Privacy.Tests;

/// <summary>The privacy key's uses, name folding, sealing, and the key store's erasure on a real SQLite file.</summary>
public sealed class PrivacyPrimitivesTests : IDisposable
{
    private static readonly PrivacyKey Key = new(RandomNumberGenerator.GetBytes(32));
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-privacy-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("髙橋 花子", "高橋花子")]
    [InlineData("タカハシ　ハナコ", "たかはしはなこ")]
    [InlineData("ﾀｶﾊｼ ﾊﾅｺ", "たかはしはなこ")]
    [InlineData("山﨑・邊", "山崎辺")]
    [InlineData("ＳＭＩＴＨ John", "smithjohn")]
    public void Names_fold_to_one_form_however_they_are_written(string typed, string folded) => Assert.Equal(folded, NameFolding.Fold(typed));

    [Fact]
    public void Pseudonyms_and_search_terms_need_the_key_and_differ_by_use()
    {
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData("certificate"u8));
        var pseudonym = new CredentialPseudonyms(Key).Of(fingerprint);
        Assert.Matches("^[0-9a-f]{64}$", pseudonym);
        Assert.Equal(pseudonym, new CredentialPseudonyms(Key).Of(fingerprint));
        Assert.NotEqual(pseudonym, new CredentialPseudonyms(new PrivacyKey(RandomNumberGenerator.GetBytes(32))).Of(fingerprint));
        Assert.NotEqual(pseudonym, fingerprint);
        var index = new BlindIndex(Key);
        Assert.Equal(index.Of("髙橋 花子", new DateOnly(1950, 4, 1)), index.Of("高橋花子", new DateOnly(1950, 4, 1)));
        Assert.NotEqual(index.Of("高橋花子", new DateOnly(1950, 4, 1)), index.Of("高橋花子", new DateOnly(1950, 4, 2)));
        Assert.NotEqual(Key.Derive("a"), Key.Derive("b"));
    }

    [Fact]
    public void A_sealed_box_opens_only_with_its_key_for_its_person()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var box = SealedBox.Seal(key, "p-1", "山田"u8);
        Assert.Equal("山田", Encoding.UTF8.GetString(SealedBox.Open(key, "p-1", box)!));
        Assert.Null(SealedBox.Open(key, "p-2", box));
        Assert.Null(SealedBox.Open(RandomNumberGenerator.GetBytes(32), "p-1", box));
        box[^1] ^= 1;
        Assert.Null(SealedBox.Open(key, "p-1", box));
    }

    [Fact]
    public async Task An_erased_key_is_gone_from_the_store_file_and_its_wal()
    {
        var file = Path.Combine(_dir, PersonKeyStore.FileName);
        var store = new PersonKeyStore(SqlDatabase.Sqlite(file), Key);
        await store.Initialize();
        var kept = await store.Create("p-kept", DateTimeOffset.UtcNow);
        var erased = await store.Create("p-erased", DateTimeOffset.UtcNow);
        Assert.Equal(erased, await store.Create("p-erased", DateTimeOffset.UtcNow));
        await store.SetTerms("p-erased", ["term-1"]);
        Assert.Equal(["p-erased"], await store.Search("term-1", 10));

        Assert.Equal(1, await store.Erase(["p-erased"]));

        Assert.Null(await store.Find("p-erased"));
        Assert.Equal(kept, await store.Find("p-kept"));
        Assert.Empty(await store.Search("term-1", 10));
        Assert.All(Directory.GetFiles(_dir), f => Assert.True(File.ReadAllBytes(f).AsSpan().IndexOf("term-1"u8) < 0, f));
    }

    [Fact]
    public void A_key_file_is_made_once_and_read_back()
    {
        var file = Path.Combine(_dir, "data.privacy.key");
        var made = PrivacyKey.Load(null, file);
        Assert.Equal(made.Derive("x"), PrivacyKey.Load(null, file).Derive("x"));
        Assert.True(PrivacyKey.IsValidText(File.ReadAllText(file)));
        Assert.False(PrivacyKey.IsValidText(Convert.ToBase64String(new byte[16])));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }
}
