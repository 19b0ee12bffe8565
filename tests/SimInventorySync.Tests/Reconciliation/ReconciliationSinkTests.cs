using CarrierSimulator;
using Microsoft.Data.Sqlite;
using ResumableJobs;
using SimInventorySync.Carriers;
using SimInventorySync.Inventory;
using SimInventorySync.Tests.Support;

namespace SimInventorySync.Tests.Reconciliation;

public sealed class ReconciliationSinkTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static IReadOnlyList<CarrierSim> CarrierPage(CarrierDataset dataset, int skip, int take) =>
        dataset.Sims.Skip(skip).Take(take).Select(s => new CarrierSim(s.Iccid, s.Status.ToCanonical(), s.Plan.Name)).ToList();

    [Fact]
    public async Task Applying_every_page_twice_leaves_the_rows_of_applying_it_once_which_are_the_ground_truth()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataset = CarrierDataset.Generate(11, 1_000);
        var path = _folder.File("inventory.db");
        await using (var database = await InventoryDatabase.OpenAsync(path, ct))
        {
            await database.EnsureInventoryAsync(11, 1_000, ct);
            await database.GetOrStartSessionAsync("s", CarrierSource.ControlCenter, "test", DateTimeOffset.UnixEpoch, ct);
            var sink = new ReconciliationSink(database, "s", CarrierSource.ControlCenter);
            for (var page = 0; page < 10; page++)
            {
                var items = CarrierPage(dataset, page * 100, 100);
                await sink.ApplyAsync(items, new PageContext("job", page + 1, "c"), ct);
                await sink.ApplyAsync(items, new PageContext("job", page + 1, "c"), ct);
            }

            await database.CompleteSessionAsync("s", DateTimeOffset.UnixEpoch, ct);
            await database.CompleteSessionAsync("s", DateTimeOffset.UnixEpoch, ct);
            var summary = await database.GetSummaryAsync("s", ct);
            summary.FinalLine.Should().Be($"Reconciled 1000 SIMs: {dataset.ExpectedMismatches.Count} mismatches");
        }

        await GroundTruth.ShouldMatchAsync(path, "s", dataset, CarrierSource.ControlCenter, ct);
    }

    [Fact]
    public async Task A_page_applied_again_with_changed_carrier_state_replaces_its_mismatches()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataset = CarrierDataset.Generate(11, 1_000);
        var changed = dataset.ExpectedMismatches.First(m => m.Kind == MismatchKind.Status);
        var local = dataset.LocalInventory.Single(l => l.Iccid == changed.Iccid);
        var sim = dataset.FindByIccid(changed.Iccid)!;
        var path = _folder.File("inventory.db");
        await using var database = await InventoryDatabase.OpenAsync(path, ct);
        await database.EnsureInventoryAsync(11, 1_000, ct);
        var sink = new ReconciliationSink(database, "s", CarrierSource.ControlCenter);

        await sink.ApplyAsync([new CarrierSim(sim.Iccid, sim.Status.ToCanonical(), sim.Plan.Name)], new PageContext("job", 1, "c"), ct);
        var before = await GroundTruth.ReadAsync(path, "s", ct);
        await sink.ApplyAsync([new CarrierSim(sim.Iccid, local.Status.ToCanonical(), local.Plan.Name)], new PageContext("job", 1, "c"), ct);
        var after = await GroundTruth.ReadAsync(path, "s", ct);

        before.Mismatches.Should().ContainSingle(m => m.Iccid == sim.Iccid && m.Kind == "status");
        after.Mismatches.Should().BeEmpty();
        after.Carrier.Should().ContainSingle().Which.Status.Should().Be(local.Status.ToCanonical());
    }

    [Fact]
    public async Task Super_sim_compares_the_fleet_instead_of_the_rate_plan()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataset = CarrierDataset.Generate(5, 2_000);
        var planChange = dataset.ExpectedMismatches.First(m => m.Kind == MismatchKind.Plan);
        var sim = dataset.FindByIccid(planChange.Iccid)!;
        var path = _folder.File("inventory.db");
        await using var database = await InventoryDatabase.OpenAsync(path, ct);
        await database.EnsureInventoryAsync(5, 2_000, ct);
        var sink = new ReconciliationSink(database, "s", CarrierSource.SuperSim);

        await sink.ApplyAsync([new CarrierSim(sim.Iccid, sim.Status.ToCanonical(), sim.Plan.FleetSid)], new PageContext("job", 1, "c"), ct);

        var rows = await GroundTruth.ReadAsync(path, "s", ct);
        var local = dataset.LocalInventory.Single(l => l.Iccid == sim.Iccid);
        rows.Mismatches.Should().ContainEquivalentOf(new GroundTruth.MismatchRow(sim.Iccid, "plan", local.Plan.FleetSid, sim.Plan.FleetSid));
    }

    [Fact]
    public async Task An_inventory_of_another_seed_or_size_is_refused_with_the_fix()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = _folder.File("inventory.db");
        await using var database = await InventoryDatabase.OpenAsync(path, ct);
        await database.EnsureInventoryAsync(1, 100, ct);

        var other = async () => await database.EnsureInventoryAsync(2, 100, ct);

        (await other.Should().ThrowAsync<SyncException>()).Which.Message.Should().Contain("seed 1 for 100 SIMs").And.Contain("--seed 1 --sims 100");
        (await database.EnsureInventoryAsync(1, 100, ct)).Created.Should().BeFalse();
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_and_left_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = _folder.File("garbage.db");
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();
        await File.WriteAllBytesAsync(path, garbage, ct);

        var open = async () => await InventoryDatabase.OpenAsync(path, ct);

        (await open.Should().ThrowAsync<SyncException>()).Which.Message.Should().Contain(path).And.Contain("not usable");
        (await File.ReadAllBytesAsync(path, ct)).Should().Equal(garbage);
    }

    [Fact]
    public async Task A_cancelled_inventory_creation_leaves_no_half_inventory()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = _folder.File("inventory.db");
        using var cancel = new CancellationTokenSource();
        await using (var database = await InventoryDatabase.OpenAsync(path, ct))
        {
            await cancel.CancelAsync();
            var create = async () => await database.EnsureInventoryAsync(1, 5_000, cancel.Token);
            await create.Should().ThrowAsync<OperationCanceledException>();
            (await database.CountInventoryAsync(ct)).Should().Be(0);
        }

        await using var reopened = await InventoryDatabase.OpenAsync(path, ct);
        var info = await reopened.EnsureInventoryAsync(1, 5_000, ct);
        info.Created.Should().BeTrue();
        info.LocalSims.Should().Be(CarrierDataset.Generate(1, 5_000).LocalInventory.Count);
    }
}
