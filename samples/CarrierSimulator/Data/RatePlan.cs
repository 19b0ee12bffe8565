namespace CarrierSimulator;

/// <summary>
/// A data plan. Control Center names it by rate plan and communication plan; Super SIM by the fleet the SIM
/// belongs to, so each plan has its own fleet.
/// </summary>
/// <param name="Name">The Control Center rate plan name.</param>
/// <param name="CommunicationPlan">The Control Center communication plan name.</param>
/// <param name="FleetSid">The Super SIM fleet sid (<c>HF</c> and 32 hex digits).</param>
public sealed record RatePlan(string Name, string CommunicationPlan, string FleetSid);
