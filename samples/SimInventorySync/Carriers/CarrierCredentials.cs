using System.Net.Http.Headers;
using System.Text;

namespace SimInventorySync.Carriers;

/// <summary>HTTP Basic credentials: Control Center user name and API key, or Super SIM account sid and auth token.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="Secret">The API key or auth token.</param>
internal sealed record CarrierCredentials(string UserName, string Secret)
{
    public AuthenticationHeaderValue ToBasicHeader() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{Secret}")));

    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"{UserName}:***";
}
