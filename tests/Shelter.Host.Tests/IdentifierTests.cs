using Shelter.Host.Security;

namespace Shelter.Host.Tests;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("wajima-chu", true)]
    [InlineData("a", true)]
    [InlineData("A_1-b", true)]
    [InlineData("relay\n", false)]
    [InlineData("relay\r\n", false)]
    [InlineData("\nrelay", false)]
    [InlineData("_system", false)]
    [InlineData("-a", false)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("避難所", false)]
    [InlineData("a/b", false)]
    public void Ids_are_whole_strings_of_the_allowed_characters(string id, bool valid) => Assert.Equal(valid, Identifiers.IsValid(id));

    [Fact]
    public void Ids_are_at_most_64_characters() =>
        Assert.Equal((true, false), (Identifiers.IsValid(new string('a', 64)), Identifiers.IsValid(new string('a', 65))));
}
