using CarrierSimulator;
using Microsoft.Data.Sqlite;
using SimInventorySync.Carriers;

namespace SimInventorySync.Tests.Support;

/// <summary>Reads a session's rows from the database and compares them, row by row, with the simulator's ground truth.</summary>
internal static class GroundTruth
{
    public sealed record CarrierRow(string Iccid, string Status, string Plan);

    public sealed record MismatchRow(string Iccid, string Kind, string? LocalValue, string? CarrierValue);

    public static string PlanOf(RatePlan plan, CarrierSource source) =>
        source == CarrierSource.ControlCenter ? plan.Name : plan.FleetSid;

    public static IReadOnlyList<CarrierRow> ExpectedCarrierRows(CarrierDataset dataset, CarrierSource source) =>
        dataset.Sims.Select(s => new CarrierRow(s.Iccid, s.Status.ToCanonical(), PlanOf(s.Plan, source))).ToList();

    public static IReadOnlyList<MismatchRow> ExpectedMismatchRows(CarrierDataset dataset, CarrierSource source)
    {
        var local = dataset.LocalInventory.ToDictionary(l => l.Iccid);
        return dataset.ExpectedMismatches.Select(m =>
        {
            var sim = dataset.FindByIccid(m.Iccid);
            local.TryGetValue(m.Iccid, out var mine);
            return m.Kind switch
            {
                MismatchKind.Status => new MismatchRow(m.Iccid, "status", mine!.Status.ToCanonical(), sim!.Status.ToCanonical()),
                MismatchKind.Plan => new MismatchRow(m.Iccid, "plan", PlanOf(mine!.Plan, source), PlanOf(sim!.Plan, source)),
                MismatchKind.MissingLocally => new MismatchRow(m.Iccid, "missing_locally", null, sim!.Status.ToCanonical()),
                MismatchKind.MissingAtCarrier => new MismatchRow(m.Iccid, "missing_at_carrier", mine!.Status.ToCanonical(), null),
                _ => throw new ArgumentOutOfRangeException(nameof(dataset), m.Kind, "Unknown kind."),
            };
        }).ToList();
    }

    public static async Task<(IReadOnlyList<CarrierRow> Carrier, IReadOnlyList<MismatchRow> Mismatches)> ReadAsync(string databasePath, string session, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);

        var carrier = new List<CarrierRow>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT iccid, status, plan FROM carrier_sims WHERE session_id = $s ORDER BY iccid";
            command.Parameters.AddWithValue("$s", session);
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                carrier.Add(new CarrierRow(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var mismatches = new List<MismatchRow>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT iccid, kind, local_value, carrier_value FROM mismatches WHERE session_id = $s ORDER BY iccid, kind";
            command.Parameters.AddWithValue("$s", session);
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                mismatches.Add(new MismatchRow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        return (carrier, mismatches);
    }

    /// <summary>Every carrier SIM has exactly its carrier state, and the mismatch rows are exactly the known differences.</summary>
    public static async Task ShouldMatchAsync(string databasePath, string session, CarrierDataset dataset, CarrierSource source, CancellationToken cancellationToken)
    {
        var (carrier, mismatches) = await ReadAsync(databasePath, session, cancellationToken);
        carrier.Should().BeEquivalentTo(ExpectedCarrierRows(dataset, source));
        mismatches.Should().BeEquivalentTo(ExpectedMismatchRows(dataset, source));
    }
}
