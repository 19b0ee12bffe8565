using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CarrierSimulator;

/// <summary>Checks the HTTP Basic credentials of a call.</summary>
internal static class BasicCredentials
{
    /// <summary>Whether the call carries Basic credentials equal to <paramref name="user"/> and <paramref name="password"/>.</summary>
    public static bool Match(HttpRequest request, string user, string password, out string? presentedUser)
    {
        presentedUser = null;
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Basic ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[Scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        presentedUser = decoded[..colon];
        return FixedTimeEquals(presentedUser, user) & FixedTimeEquals(decoded[(colon + 1)..], password);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
