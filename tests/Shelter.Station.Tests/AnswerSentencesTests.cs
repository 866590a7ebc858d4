using System.Reflection;
using Shelter.Credentials;
using Shelter.Domain;
using Shelter.Protocol;

namespace Shelter.Station.Tests;

/// <summary>Every answer the server can give a tap has the volunteer's sentence and colour at the station.</summary>
public sealed class AnswerSentencesTests
{
    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void Every_outcome_reason_and_flag_the_server_gives_has_a_sentence()
    {
        var server = Outcomes.All
            .Concat(Refusals.All)
            .Concat(Constants(typeof(TapFlags)))
            .Concat(Constants(typeof(TapReasons)))
            .Concat(RejectionReasons.All.Select(r => r.Code()));
        Assert.Empty(server.Except(AnswerSentences.Codes));
        Assert.Empty(AnswerSentences.Codes.Except(server));
    }

    [Fact]
    public void Answers_become_green_amber_and_red()
    {
        var accepted = AnswerSentences.Of(new TapAnswer("t", TapStatusCodes.Accepted, Outcomes.MealServed, null, null));
        Assert.Equal((Verdict.Green, "食事を記録しました。"), (accepted.Verdict, accepted.Japanese));
        var flagged = AnswerSentences.Of(new TapAnswer("t", TapStatusCodes.Accepted, Outcomes.CheckedIn, null, null, TapFlags.RevokedAfterTap));
        Assert.Equal(Verdict.Amber, flagged.Verdict);
        Assert.Contains("受付", flagged.Japanese);
        var busy = AnswerSentences.Of(new TapAnswer("t", TapStatusCodes.Rejected, null, TapReasons.Unavailable, "no answer"));
        Assert.Equal(Verdict.Amber, busy.Verdict);
        var served = AnswerSentences.Of(new TapAnswer("t", TapStatusCodes.Duplicate, null, Refusals.MealAlreadyServed, "already", null));
        Assert.Equal((Verdict.Red, "meal-already-served"), (served.Verdict, served.Reason));
    }
}
