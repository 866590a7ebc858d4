using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;
using Shelter.Domain;
using Shelter.Protocol;

namespace Shelter.Actors;

/// <summary>
/// Serializes events, snapshots and cross-node messages as JSON under stable string manifests. The manifest, not the
/// CLR type name, is what the journal stores, so types can be renamed or moved without breaking old journals; a new
/// shape of an event gets a new manifest (".v2") and both are read.
/// </summary>
public sealed class ShelterSerializer : SerializerWithStringManifest
{
    public const int Id = 4711;

    private static readonly FrozenDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(CheckedIn)] = "evacuee.checked-in.v1",
        [typeof(CheckedOut)] = "evacuee.checked-out.v1",
        [typeof(MealServed)] = "evacuee.meal-served.v1",
        [typeof(SupplyPickedUp)] = "evacuee.supply-picked-up.v1",
        [typeof(TapRefused)] = "evacuee.tap-refused.v1",
        [typeof(MoveSuperseded)] = "evacuee.move-superseded.v1",
        [typeof(LinkedToPerson)] = "evacuee.linked-to-person.v1",
        [typeof(UnlinkedFromPerson)] = "evacuee.unlinked-from-person.v1",
        [typeof(CredentialAbsorbed)] = "evacuee.credential-absorbed.v1",
        [typeof(CredentialReleased)] = "evacuee.credential-released.v1",
        [typeof(LinkCredential)] = "msg.link-credential.v1",
        [typeof(UnlinkCredential)] = "msg.unlink-credential.v1",
        [typeof(AbsorbCredential)] = "msg.absorb-credential.v1",
        [typeof(ReleaseCredential)] = "msg.release-credential.v1",
        [typeof(LinkAnswer)] = "msg.link-answer.v1",
        [typeof(Absorbed)] = "msg.absorbed.v1",
        [typeof(ShelterOpened)] = "shelter.opened.v1",
        [typeof(ShelterClosed)] = "shelter.closed.v1",
        [typeof(FromEvacueesRecorded)] = "shelter.from-evacuees-recorded.v1",
        [typeof(SupplyStockReported)] = "shelter.supply-stock-reported.v1",
        [typeof(ReportSupplyStock)] = "msg.report-supply-stock.v1",
        [typeof(GetDashboard)] = "msg.get-dashboard.v1",
        [typeof(DashboardShelter)] = "msg.dashboard-shelter.v1",
        [typeof(DashboardAnswer)] = "msg.dashboard-answer.v1",
        [typeof(ReplayDashboardFromScratch)] = "msg.replay-dashboard.v1",
        [typeof(DashboardProjectionSnapshot)] = "dashboard.projection-snapshot.v1",
        [typeof(OccupantArrived)] = "shelter.occupant-arrived.v1",
        [typeof(OccupantLeft)] = "shelter.occupant-left.v1",
        [typeof(MealCounted)] = "shelter.meal-counted.v1",
        [typeof(MealWithdrawn)] = "shelter.meal-withdrawn.v1",
        [typeof(TapCorrected)] = "evacuee.tap-corrected.v1",
        [typeof(CorrectTap)] = "msg.correct-tap.v1",
        [typeof(TemporaryCardIssued)] = "evacuee.temporary-card-issued.v1",
        [typeof(TemporaryCardWithdrawn)] = "evacuee.temporary-card-withdrawn.v1",
        [typeof(IssueTemporaryCard)] = "msg.issue-temporary-card.v1",
        [typeof(WithdrawTemporaryCard)] = "msg.withdraw-temporary-card.v1",
        [typeof(GetRollCall)] = "msg.get-roll-call.v1",
        [typeof(RollCall)] = "msg.roll-call.v1",
        [typeof(CorrectionAnswer)] = "msg.correction-answer.v1",
        [typeof(SupplyPickupCounted)] = "shelter.supply-pickup-counted.v1",
        [typeof(ShelterSnapshot)] = "shelter.snapshot.v1",
        [typeof(EvacueeSnapshot)] = "evacuee.snapshot.v1",
        [typeof(ReaderRegistered)] = "reader.registered.v1",
        [typeof(ShelterListed)] = "municipality.shelter-listed.v1",
        [typeof(RelayOffsetStored)] = "relay.offset-stored.v1",
        [typeof(StopEntity)] = "msg.stop-entity.v1",
        [typeof(ProcessTap)] = "msg.process-tap.v1",
        [typeof(TapOutcome)] = "msg.tap-outcome.v1",
        [typeof(GetEvacuee)] = "msg.get-evacuee.v1",
        [typeof(EvacueeStatus)] = "msg.evacuee-status.v1",
        [typeof(OpenShelter)] = "msg.open-shelter.v1",
        [typeof(CloseShelter)] = "msg.close-shelter.v1",
        [typeof(ShelterOpenResult)] = "msg.shelter-open-result.v1",
        [typeof(ApplyFromEvacuees)] = "msg.apply-from-evacuees.v1",
        [typeof(FromEvacueesApplied)] = "msg.from-evacuees-applied.v1",
        [typeof(GetShelterStatus)] = "msg.get-shelter-status.v1",
        [typeof(ShelterStatus)] = "msg.shelter-status.v1",
        [typeof(ListShelter)] = "msg.list-shelter.v1",
        [typeof(GetMunicipalityShelters)] = "msg.get-municipality-shelters.v1",
        [typeof(MunicipalityShelters)] = "msg.municipality-shelters.v1",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Type> Types = Manifests.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new WireCodeJsonConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddShelterEventTypes } },
    };

    public ShelterSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => Id;

    /// <summary>Every type with a manifest: what this serializer can write.</summary>
    public static IReadOnlyCollection<Type> ManifestTypes => Manifests.Keys;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"null payload for {manifest}")
            : throw new SerializationException($"unknown manifest '{manifest}': written by a newer version of Shelter?");

    public override string Manifest(object o) =>
        Manifests.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType().FullName} has no manifest in {nameof(ShelterSerializer)}", nameof(o));

    /// <summary>Messages carry shelter events as <see cref="IFromEvacuee"/>; JSON needs to know which concrete type each is.</summary>
    private static void AddShelterEventTypes(JsonTypeInfo info)
    {
        if (info.Type != typeof(IFromEvacuee))
        {
            return;
        }
        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "$type" };
        foreach (var type in new[] { typeof(OccupantArrived), typeof(OccupantLeft), typeof(MealCounted), typeof(MealWithdrawn), typeof(SupplyPickupCounted) })
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, Manifests[type]));
        }
    }
}
