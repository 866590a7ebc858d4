using System.Text;

namespace Shelter.Registry.Tests;

public class RegistryFileTests
{
    [Fact]
    public void Reads_the_GSI_emergency_site_file_in_UTF8_with_a_BOM()
    {
        var reading = RegistryFile.Read(RegistryFiles.Bytes(RegistryFiles.GsiEmergencySites));

        Assert.Equal("gsi-emergency-sites", reading.Layout.Code);
        Assert.Equal("utf-8", reading.Encoding);
        Assert.Empty(reading.Problems);
        Assert.Equal(4, reading.Rows.Count);
        var school = reading.Rows[0];
        Assert.Equal((2, PlaceKind.EmergencySite, "E1413000001", "141305", "神奈川県川崎市"), (school.Line, school.Kind, school.ExternalId, school.Municipality, school.MunicipalityName));
        Assert.Equal(("川崎市立宮前小学校", "神奈川県川崎市宮前区宮前平1-1-1"), (school.Name, school.Address));
        Assert.Equal((35.5846, 139.5829), (school.Latitude!.Value, school.Longitude!.Value));
        Assert.Equal(["flood", "earthquake", "large-fire"], school.Hazards);
        Assert.True(school.SameAddressAsOtherKind);
        Assert.Null(school.Capacity);
        var riverside = reading.Rows[3];
        Assert.Equal(("多摩川河川敷 (丸子橋付近)", "津波時は使用不可、高台へ"), (riverside.Name, riverside.Note));
        Assert.False(riverside.SameAddressAsOtherKind);
    }

    [Fact]
    public void Reads_the_GSI_shelter_file_in_Shift_JIS_and_marks_welfare_shelters()
    {
        var reading = RegistryFile.Read(RegistryFiles.Bytes(RegistryFiles.GsiShelters));

        Assert.Equal(("gsi-shelters", "shift_jis"), (reading.Layout.Code, reading.Encoding));
        Assert.Empty(reading.Problems);
        Assert.All(reading.Rows, r => Assert.Equal((PlaceKind.DesignatedShelter, "141305"), (r.Kind, r.Municipality)));
        Assert.Equal("神奈川県川崎市宮前区宮前平１－１－１", reading.Rows[0].Address);
        Assert.Equal([false, false, true, false], reading.Rows.Select(r => r.Welfare));
        Assert.All(reading.Rows, r => Assert.Empty(r.Hazards));
    }

    [Fact]
    public void Reads_the_ODF_emergency_site_file_repairing_codes_and_reading_capacity()
    {
        var reading = RegistryFile.Read(RegistryFiles.Bytes(RegistryFiles.OdfEmergencySites));

        Assert.Equal(("odf-emergency-sites", "utf-8"), (reading.Layout.Code, reading.Encoding));
        Assert.Empty(reading.Problems);
        Assert.Equal(["011002-0001", "011002-0002", "011002-0003"], reading.Rows.Select(r => r.ExternalId));
        Assert.Equal([450, 5000, 1200], reading.Rows.Select(r => r.Capacity!.Value));
        Assert.Equal("北海道札幌市", reading.Rows[0].MunicipalityName);
        Assert.Equal(["flood", "landslide", "earthquake", "inland-flooding"], reading.Rows[2].Hazards);
        Assert.Equal([true, false, false], reading.Rows.Select(r => r.SameAddressAsOtherKind));
    }

    [Fact]
    public void Reads_an_ODF_shaped_shelter_file_in_Shift_JIS()
    {
        var reading = RegistryFile.Read(RegistryFiles.Bytes(RegistryFiles.OdfShelters));

        Assert.Equal(("odf-shelters", "shift_jis"), (reading.Layout.Code, reading.Encoding));
        Assert.Empty(reading.Problems);
        Assert.Equal(["472018-S001", "472018-S002"], reading.Rows.Select(r => r.ExternalId));
        Assert.Equal([600, (int?)null], reading.Rows.Select(r => r.Capacity));
        Assert.Equal([false, true], reading.Rows.Select(r => r.Welfare));
    }

    [Fact]
    public void Lists_every_row_it_cannot_read_with_its_line_and_reason()
    {
        var reading = RegistryFile.Read(RegistryFiles.Bytes(RegistryFiles.BadRows));

        Assert.Equal(["E1413000001"], reading.Rows.Select(r => r.ExternalId));
        Assert.Equal(
            [(3, "missing-name"), (4, "bad-coordinates"), (5, "outside-japan"), (6, "bad-flag"), (7, "wrong-field-count"), (8, "duplicate-id"), (9, "missing-id")],
            reading.Problems.Select(p => (p.Line, p.Reason)));
        Assert.Contains("swapped", reading.Problems.Single(p => p.Reason == "outside-japan").Message, StringComparison.Ordinal);
        Assert.Contains("line 2", reading.Problems.Single(p => p.Reason == "duplicate-id").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_file_reads_the_same_in_either_encoding()
    {
        var utf8 = RegistryFiles.Bytes(RegistryFiles.GsiShelters);
        var text = CodePages.ShiftJis.GetString(utf8);
        var asUtf8 = RegistryFile.Read(Encoding.UTF8.GetBytes(text));
        var asShiftJis = RegistryFile.Read(utf8);

        Assert.Equal(asShiftJis.Rows, asUtf8.Rows, (a, b) => a.ExternalId == b.ExternalId && a.Name == b.Name && a.Address == b.Address);
        Assert.Equal(("utf-8", "shift_jis"), (asUtf8.Encoding, asShiftJis.Encoding));
    }

    [Fact]
    public void A_GSI_file_whose_IDs_carry_no_code_is_read_for_the_municipality_named()
    {
        var csv = "NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,指定緊急避難場所との住所同一,その他市町村長が必要と認める事項,受入対象者,緯度,経度,備考\r\n1,X-1,東京都千代田区,区立公園,東京都千代田区1,,,,35.68,139.75,\r\n";

        var without = RegistryFile.Read(Encoding.UTF8.GetBytes(csv));
        var with = RegistryFile.Read(Encoding.UTF8.GetBytes(csv), municipality: "131016");

        Assert.Equal("no-municipality-code", Assert.Single(without.Problems).Reason);
        Assert.Equal("131016", Assert.Single(with.Rows).Municipality);
    }

    [Fact]
    public void An_ODF_row_of_another_municipality_is_refused_when_one_is_named()
    {
        var reading = RegistryFile.Read(RegistryFiles.Bytes(RegistryFiles.OdfShelters), municipality: "141305");

        Assert.All(reading.Problems, p => Assert.Equal("other-municipality", p.Reason));
        Assert.Equal(2, reading.Problems.Count);
    }

    [Theory]
    [InlineData("名前,住所\r\n公園,東京都\r\n", "unknown-layout")]
    [InlineData("", "empty-file")]
    public void A_file_it_cannot_read_at_all_says_why(string csv, string reason)
    {
        var refused = Assert.Throws<RegistryFileException>(() => RegistryFile.Read(Encoding.UTF8.GetBytes(csv)));
        Assert.Equal(reason, refused.Reason);
    }

    [Fact]
    public void An_unknown_layout_names_the_nearest_and_what_it_lacks()
    {
        var csv = "NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,緯度,経度\r\n";
        var refused = Assert.Throws<RegistryFileException>(() => RegistryFile.Read(Encoding.UTF8.GetBytes(csv)));
        Assert.Contains("指定緊急避難場所との住所同一", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_no_Japanese_text_are_refused()
    {
        byte[] binary = [0x81, 0x0A, 0x85, 0x0A, 0xEF, 0x0A];
        Assert.Equal("not-text", Assert.Throws<RegistryFileException>(() => RegistryFile.Read(binary)).Reason);
    }

    private static class CodePages
    {
        static CodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        public static Encoding ShiftJis => Encoding.GetEncoding(932);
    }
}
