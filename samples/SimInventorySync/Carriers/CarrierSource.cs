namespace SimInventorySync.Carriers;

/// <summary>The carrier API a reconciliation reads.</summary>
internal enum CarrierSource
{
    /// <summary>Cisco IoT Control Center, "Search Devices"; the plan compared is the rate plan.</summary>
    ControlCenter,

    /// <summary>Twilio / KORE Super SIM, "Sims"; the plan compared is the fleet.</summary>
    SuperSim,
}
