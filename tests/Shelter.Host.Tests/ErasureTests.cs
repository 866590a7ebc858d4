using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using Shelter.Host.Api;
using Shelter.Persistence.Sqlite;

namespace Shelter.Host.Tests;

/// <summary>
/// A person registered with their consent is found by name and birth date however the name is written; once erased,
/// nothing readable of them is left in any file of the data folder or of a backup taken before, and the counts stand.
/// </summary>
public sealed class ErasureTests(HostFixture host) : IClassFixture<HostFixture>, IDisposable
{
    private const string Name = "髙橋 花子";
    private const string Furigana = "タカハシ ハナコ";
    private const string Address = "石川県輪島市河井町二丁目1番地";
    private const string BirthDate = "1950-04-01";
    private const string Phone = "090-1234-5678";

    private readonly string _backup = Path.Combine(Path.GetTempPath(), "shelter-erasure-backup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_backup))
        {
            Directory.Delete(_backup, recursive: true);
        }
    }

    [Fact]
    public async Task An_erased_person_is_unreadable_everywhere_and_the_shelter_counts_do_not_change()
    {
        var reader = await host.OpenWithReader("erase-a", "erase-reader");
        using var card = host.Ca.Issue();
        await host.PostTaps(reader, host.Tap(card, "erase-reader", "erase-a", "check-in"));
        await host.PostTaps(reader, host.Tap(card, "erase-reader", "erase-a", "meal"));
        var registered = await host.Send(HttpMethod.Post, "/api/v1/people", HostFixture.AdminToken, new RegisterPersonRequest("testcity", "erase-a", "shelter",
            ["name", "furigana", "address", "birthDate", "phone", "needs"], null, Name, Furigana, Address, BirthDate, Phone: Phone,
            Needs: [new SpecialNeedView("elderly"), new SpecialNeedView("allergy", "そば")]));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var person = (await registered.Content.ReadFromJsonAsync<PersonView>(HostFixture.Json))!;
        Assert.Equal((Name, BirthDate), (person.Name, person.BirthDate));
        var evacueeId = (await host.EvacueeOf(card)).EvacueeId;
        var preview = (await (await host.Send(HttpMethod.Post, $"/api/v1/people/{person.PersonId}/credentials/preview", HostFixture.AdminToken,
            new LinkCredentialRequest(evacueeId, null))).Content.ReadFromJsonAsync<LinkPreview>(HostFixture.Json))!;
        Assert.True((await host.Send(HttpMethod.Post, $"/api/v1/people/{person.PersonId}/credentials", HostFixture.AdminToken,
            new LinkCredentialRequest(evacueeId, preview.Confirmation))).IsSuccessStatusCode);
        foreach (var typed in new[] { "高橋花子", "たかはし　はなこ", "ﾀｶﾊｼ ﾊﾅｺ" })
        {
            Assert.Equal(person.PersonId, Assert.Single(await Search(typed, BirthDate)).PersonId);
        }
        Assert.Empty(await Search("高橋花子", "1950-04-02"));
        var before = await host.ShelterWhen("erase-a", s => s.Occupancy == 1 && s.ProvisionalOccupants == 0);

        var keyStore = Path.Combine(host.DataDirectory, "person-keys.db");
        var wrappedKey = WrappedKey(keyStore, person.PersonId);
        Assert.Contains(Directory.GetFiles(host.DataDirectory, "person-keys.db*"), f => File.ReadAllBytes(f).AsSpan().IndexOf(wrappedKey) >= 0);
        SqliteBackup.Run(host.DataDirectory, _backup, _ => { });
        Assert.False(File.Exists(Path.Combine(_backup, "person-keys.db")));

        var erased = await host.Send(HttpMethod.Delete, $"/api/v1/people/{person.PersonId}", HostFixture.AdminToken);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.NotNull((await erased.Content.ReadFromJsonAsync<PersonView>(HostFixture.Json))!.ErasedAt);
        Assert.Equal(HttpStatusCode.Gone, (await host.Send(HttpMethod.Get, $"/api/v1/people/{person.PersonId}", HostFixture.AdminToken)).StatusCode);
        Assert.Empty(await Search("高橋花子", BirthDate));

        var secrets = new[] { Name, "髙橋", "花子", Furigana, Address, BirthDate, "19500401", Phone, "そば" }.Select(Encoding.UTF8.GetBytes).Append(wrappedKey).ToList();
        var files = Directory.GetFiles(host.DataDirectory).Concat(Directory.GetFiles(_backup)).ToList();
        Assert.Contains(files, f => f.EndsWith("shelter.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var secret in secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(secret) < 0, $"{Path.GetFileName(file)} still holds {Encoding.UTF8.GetString(secret)}");
            }
        }
        var after = await host.ShelterWhen("erase-a", s => s.Occupancy == 1);
        Assert.Equal((before.Occupancy, before.Arrivals, before.MealsByPeriod.Values.Sum()), (after.Occupancy, after.Arrivals, after.MealsByPeriod.Values.Sum()));
        Assert.Equal("meal-already-served", (await host.PostTaps(reader, host.Tap(card, "erase-reader", "erase-a", "meal"))).Single().Reason);
    }

    private async Task<PersonView[]> Search(string name, string birthDate)
    {
        var response = await host.Send(HttpMethod.Get, $"/api/v1/people?name={Uri.EscapeDataString(name)}&birthDate={birthDate}", HostFixture.AdminToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PeopleFound>(HostFixture.Json))!.People;
    }

    private static byte[] WrappedKey(string file, string personId)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT wrapped FROM person_keys WHERE person_id = $id";
        query.Parameters.AddWithValue("$id", personId);
        return (byte[])query.ExecuteScalar()!;
    }
}
