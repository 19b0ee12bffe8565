namespace SimInventorySync.Inventory;

/// <summary>What the local inventory of a database was generated from, and how many SIMs it holds.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="CarrierSims">The carrier SIM count it was generated for.</param>
/// <param name="LocalSims">The SIMs the local inventory holds.</param>
/// <param name="Created">Whether this run created it.</param>
internal sealed record InventoryInfo(int Seed, int CarrierSims, long LocalSims, bool Created);
