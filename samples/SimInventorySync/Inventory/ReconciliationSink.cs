using Microsoft.Data.Sqlite;
using ResumableJobs;
using SimInventorySync.Carriers;

namespace SimInventorySync.Inventory;

/// <summary>
/// Applies one page of carrier SIMs to a session, in one transaction: each SIM's carrier state is upserted by ICCID,
/// its mismatch rows are replaced by those the page implies (keyed by ICCID and kind). Applying a page twice leaves
/// the same rows as applying it once; nothing is counted by increments.
/// </summary>
internal sealed class ReconciliationSink : IIdempotentSink<CarrierSim>
{
    private readonly SqliteConnection _connection;
    private readonly string _sessionId;
    private readonly string _planColumn;

    public ReconciliationSink(InventoryDatabase database, string sessionId, CarrierSource source)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        _connection = database.Connection;
        _sessionId = sessionId;
        // Control Center names a SIM's plan by rate plan; Super SIM by fleet.
        _planColumn = source == CarrierSource.ControlCenter ? "rate_plan" : "fleet_sid";
    }

    public ValueTask ApplyAsync(IReadOnlyList<CarrierSim> items, PageContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var transaction = _connection.BeginTransaction();

        using var upsert = Command(transaction, """
            INSERT INTO carrier_sims (session_id, iccid, status, plan, page) VALUES ($session, $iccid, $status, $plan, $page)
            ON CONFLICT (session_id, iccid) DO UPDATE SET status = excluded.status, plan = excluded.plan, page = excluded.page
            """);
        var upsertIccid = upsert.Parameters.Add("$iccid", SqliteType.Text);
        var upsertStatus = upsert.Parameters.Add("$status", SqliteType.Text);
        var upsertPlan = upsert.Parameters.Add("$plan", SqliteType.Text);
        upsert.Parameters.AddWithValue("$page", context.PageNumber);

        using var clear = Command(transaction, "DELETE FROM mismatches WHERE session_id = $session AND iccid = $iccid");
        var clearIccid = clear.Parameters.Add("$iccid", SqliteType.Text);

        using var local = Command(transaction, $"SELECT status, {_planColumn} FROM inventory WHERE iccid = $iccid");
        var localIccid = local.Parameters.Add("$iccid", SqliteType.Text);

        using var mismatch = Command(transaction, """
            INSERT INTO mismatches (session_id, iccid, kind, local_value, carrier_value) VALUES ($session, $iccid, $kind, $local, $carrier)
            ON CONFLICT (session_id, iccid, kind) DO UPDATE SET local_value = excluded.local_value, carrier_value = excluded.carrier_value
            """);
        var mismatchIccid = mismatch.Parameters.Add("$iccid", SqliteType.Text);
        var mismatchKind = mismatch.Parameters.Add("$kind", SqliteType.Text);
        var mismatchLocal = mismatch.Parameters.Add("$local", SqliteType.Text);
        var mismatchCarrier = mismatch.Parameters.Add("$carrier", SqliteType.Text);

        void AddMismatch(string iccid, string kind, string? localValue, string? carrierValue)
        {
            mismatchIccid.Value = iccid;
            mismatchKind.Value = kind;
            mismatchLocal.Value = (object?)localValue ?? DBNull.Value;
            mismatchCarrier.Value = (object?)carrierValue ?? DBNull.Value;
            mismatch.ExecuteNonQuery();
        }

        foreach (var sim in items)
        {
            upsertIccid.Value = sim.Iccid;
            upsertStatus.Value = sim.Status;
            upsertPlan.Value = sim.Plan;
            upsert.ExecuteNonQuery();

            // Replace, not add: a replayed page (or a carrier that changed since) leaves exactly what this page implies.
            clearIccid.Value = sim.Iccid;
            clear.ExecuteNonQuery();

            localIccid.Value = sim.Iccid;
            string? localStatus = null, localPlan = null;
            using (var reader = local.ExecuteReader())
            {
                if (reader.Read())
                {
                    localStatus = reader.GetString(0);
                    localPlan = reader.GetString(1);
                }
            }

            if (localStatus is null)
            {
                AddMismatch(sim.Iccid, MismatchKinds.MissingLocally, null, sim.Status);
                continue;
            }

            if (!string.Equals(localStatus, sim.Status, StringComparison.Ordinal))
            {
                AddMismatch(sim.Iccid, MismatchKinds.Status, localStatus, sim.Status);
            }

            if (!string.Equals(localPlan, sim.Plan, StringComparison.Ordinal))
            {
                AddMismatch(sim.Iccid, MismatchKinds.Plan, localPlan, sim.Plan);
            }
        }

        transaction.Commit();
        return ValueTask.CompletedTask;
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$session", _sessionId);
        return command;
    }
}
