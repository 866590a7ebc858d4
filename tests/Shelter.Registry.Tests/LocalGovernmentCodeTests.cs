namespace Shelter.Registry.Tests;

public class LocalGovernmentCodeTests
{
    [Theory]
    [InlineData("141305", "141305")] // Kawasaki, complete
    [InlineData("14130", "141305")] // check digit missing
    [InlineData("11002", "011002")] // Sapporo with its leading zero dropped
    [InlineData("011002", "011002")]
    [InlineData("1100", "011002")] // leading zero and check digit missing
    [InlineData("131016", "131016")] // Chiyoda
    [InlineData(" 472018 ", "472018")]
    public void Repairs_what_files_publish(string written, string expected)
    {
        Assert.True(LocalGovernmentCode.TryRepair(written, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData("47201", "47", "472018")] // Naha; without the prefecture it also reads as 047201 in Miyagi
    [InlineData("47201", "04", "047201")]
    [InlineData("11002", "01", "011002")]
    public void The_prefecture_named_in_the_row_settles_a_code_read_two_ways(string written, string prefecture, string expected)
    {
        Assert.True(LocalGovernmentCode.TryRepair(written, prefecture, out var code));
        Assert.Equal(expected, code);
    }

    [Fact]
    public void A_code_of_another_prefecture_than_the_row_names_is_refused() => Assert.False(LocalGovernmentCode.TryRepair("141305", "13", out _));

    [Theory]
    [InlineData("141306")] // wrong check digit
    [InlineData("481001")] // no prefecture 48
    [InlineData("00100")]
    [InlineData("14a30")]
    [InlineData("123")]
    [InlineData("1413055")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_what_is_not_a_code(string? written) => Assert.False(LocalGovernmentCode.TryRepair(written, out _));
}
