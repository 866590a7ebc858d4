using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using Shelter.Actors;
using Shelter.Credentials;
using Shelter.Domain;
using Shelter.Host.Options;
using Shelter.Privacy;
using Shelter.Protocol;

namespace Shelter.Host.Taps;

/// <summary>
/// Turns a reader's batch into one result per tap, in order: parse and verify each tap, send the good ones to their
/// evacuee entities concurrently, and wait for each answer (given only after the entity persisted).
/// </summary>
public sealed class TapProcessor(IRequiredActor<EvacueeRegion> evacueeRegion, CredentialVerifier verifier, ServerNonces nonces, TimeProvider clock,
    IOptions<ShelterOptions> options, ILogger<TapProcessor> log, Telemetry.ShelterMetrics metrics, CredentialPseudonyms pseudonyms, Holds.HeldCredentials held)
{
    private readonly ShelterOptions _options = options.Value;
    private readonly TapParser _parser = new(verifier, clock, options.Value.MaxClockAhead, options.Value.MaxTapAge, nonces);

    public async Task<TapAnswer[]> Process(JsonElement taps, TapParser.ReaderContext reader)
    {
        var count = taps.GetArrayLength();
        var results = new TapAnswer?[count];
        var pending = new (string TapId, Task<TapOutcome> Answer)?[count];
        var firstIndexOf = new Dictionary<Guid, int>();
        var repeats = new List<(int Index, int First)>();
        var evacuees = await evacueeRegion.GetAsync();

        var i = 0;
        foreach (var element in taps.EnumerateArray())
        {
            var index = i++;
            VerifiedTap? verified;
            TapAnswer? rejection;
            try
            {
                (verified, rejection) = _parser.Parse(element, reader);
            }
            catch (InvalidOperationException ex)
            {
                // A string that is not valid UTF-8 fails only when read; it is the reader's mistake, one per tap at most.
                log.LogDebug("tap {Index} from reader {ReaderId} could not be read: {Problem}", index, reader.ReaderId, ex.Message);
                (verified, rejection) = (null, TapAnswer.Reject("", TapReasons.MalformedTap, "This tap could not be read: a text field is not valid UTF-8."));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                log.LogError(ex, "unexpected failure reading tap {Index} from reader {ReaderId}", index, reader.ReaderId);
                (verified, rejection) = (null, TapAnswer.Reject("", TapReasons.MalformedTap, "This tap could not be read."));
            }
            if (verified is null)
            {
                results[index] = rejection;
                continue;
            }
            if (firstIndexOf.TryGetValue(verified.Tap.TapId, out var first))
            {
                repeats.Add((index, first));
                continue;
            }
            firstIndexOf[verified.Tap.TapId] = index;
            var evacueeId = pseudonyms.Of(verified.Fingerprint);
            var (tap, onHold) = held.Judge(evacueeId, verified.TapIdText, verified.Tap);
            if (tap is null)
            {
                results[index] = onHold;
                continue;
            }
            pending[index] = (verified.TapIdText, AskUntilAnswered(evacuees, new ProcessTap(evacueeId, tap)));
        }

        for (var index = 0; index < count; index++)
        {
            if (pending[index] is not var (tapId, answer))
            {
                continue;
            }
            try
            {
                results[index] = OutcomeAnswer.From(tapId, await answer);
            }
            catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
            {
                log.LogWarning("tap {TapId} from reader {ReaderId} got no answer in {Timeout}", tapId, reader.ReaderId, _options.TapTimeout);
                results[index] = TapAnswer.Reject(tapId, TapReasons.Unavailable, "No answer in time; the reader should send this tap again (it will not count twice).");
            }
        }
        foreach (var (index, first) in repeats)
        {
            results[index] = results[first]!.Status == TapStatusCodes.Rejected && results[first]!.Reason == TapReasons.Unavailable
                ? results[first]
                : results[first]!.AsDuplicate();
        }
        return [.. results.Select(r => r!)];
    }

    /// <summary>
    /// Asks the evacuee entity, and asks again each <see cref="ShelterOptions.TapResendAfter"/> that passes without an
    /// answer, until <see cref="ShelterOptions.TapTimeout"/>. While a shard is handed over to another node, Akka drops the
    /// messages it had buffered for it; a tap is safe to send twice (the entity answers a repeat as a duplicate of its
    /// first answer), so the tap that was dropped is answered by the one sent after it instead of waiting out the timeout.
    /// The first answer that comes wins: asks to one entity through one region arrive in the order they were sent.
    /// </summary>
    private async Task<TapOutcome> AskUntilAnswered(IActorRef evacuees, ProcessTap tap)
    {
        var started = clock.GetTimestamp();
        var asks = new List<Task<TapOutcome>>();
        TimeSpan remaining;
        while ((remaining = _options.TapTimeout - clock.GetElapsedTime(started)) > TimeSpan.Zero)
        {
            asks.Add(evacuees.Ask<TapOutcome>(tap, remaining));
            var resend = Task.Delay(remaining < _options.TapResendAfter ? remaining : _options.TapResendAfter, clock);
            while (asks.Count > 0)
            {
                var done = await Task.WhenAny([.. asks, resend]);
                if (done == resend)
                {
                    break;
                }
                var answered = (Task<TapOutcome>)done;
                if (answered.IsCompletedSuccessfully)
                {
                    metrics.TapAnswered(clock.GetElapsedTime(started));
                    return answered.Result;
                }
                asks.Remove(answered);
            }
            if (asks.Count == 0 && !resend.IsCompleted)
            {
                await resend;
            }
        }
        throw new AskTimeoutException($"no answer within {_options.TapTimeout}");
    }
}
