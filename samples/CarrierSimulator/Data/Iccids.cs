namespace CarrierSimulator;

/// <summary>Builds and checks ICCIDs: 19 digits, the last one a Luhn check digit.</summary>
public static class Iccids
{
    // 89 (telecommunications), 01 (country code 1), 410 (issuer): seven digits, then an 11-digit serial.
    private const string Prefix = "8901410";

    /// <summary>The largest serial number an ICCID can hold.</summary>
    public const long MaxSerial = 99_999_999_999;

    /// <summary>The ICCID with the given serial number.</summary>
    /// <param name="serial">From 0 to <see cref="MaxSerial"/>.</param>
    /// <returns>The 19-digit ICCID.</returns>
    public static string FromSerial(long serial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, MaxSerial);
        var body = Prefix + serial.ToString("D11", System.Globalization.CultureInfo.InvariantCulture);
        return body + LuhnCheckDigit(body);
    }

    /// <summary>Whether <paramref name="iccid"/> is 19 digits with a valid Luhn check digit.</summary>
    /// <param name="iccid">The text to check.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(string? iccid) =>
        iccid is { Length: 19 } && iccid.All(char.IsAsciiDigit) && LuhnCheckDigit(iccid[..18]) == iccid[18];

    private static char LuhnCheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
