using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CarrierSimulator;
using ResumableJobs;
using SimInventorySync.Carriers;
using SimInventorySync.Inventory;

namespace SimInventorySync.Cli;

/// <summary>The command line (System.CommandLine): options, their validation, and the settings they make.</summary>
internal sealed class SyncCommandLine
{
    public const string ControlCenterUserVariable = "CONTROL_CENTER_USERNAME";
    public const string ControlCenterKeyVariable = "CONTROL_CENTER_API_KEY";
    public const string SuperSimSidVariable = "TWILIO_ACCOUNT_SID";
    public const string SuperSimTokenVariable = "TWILIO_AUTH_TOKEN";

    private readonly Option<string> _db = new("--db")
    {
        Description = "The SQLite database of the local inventory, the reconciliations and their checkpoints; created when missing.",
        HelpName = "PATH",
        DefaultValueFactory = _ => SyncSettings.DefaultDatabasePath,
    };

    private readonly Option<int> _sims = new("--sims")
    {
        Description = "How many SIMs the carrier holds; the local inventory is generated for that many.",
        HelpName = "N",
        DefaultValueFactory = _ => 20_000,
    };

    private readonly Option<int> _seed = new("--seed")
    {
        Description = "The seed of the generated data (carrier SIMs and the local inventory with its known differences).",
        HelpName = "S",
        DefaultValueFactory = _ => 42,
    };

    private readonly Option<string> _source = new("--source")
    {
        Description = "The carrier API: Cisco IoT Control Center \"Search Devices\" or Twilio/KORE Super SIM \"Sims\".",
        DefaultValueFactory = _ => "controlcenter",
    };

    private readonly Option<string?> _session = new("--session")
    {
        Description = "Names one reconciliation: the same id resumes it (or says it is done), a new id starts a new one. Default: the source's name.",
        HelpName = "ID",
    };

    private readonly Option<double> _faultRate = new("--fault-rate")
    {
        Description = "The share of the simulator's answers that meet a fault: 503, a slow answer, or a dropped connection.",
        HelpName = "F",
        DefaultValueFactory = _ => 0.03,
    };

    private readonly Option<int> _rateLimit = new("--rate-limit")
    {
        Description = "The simulator's calls per second per account (0: no limit).",
        HelpName = "N",
        DefaultValueFactory = _ => 25,
    };

    private readonly Option<string?> _carrierUrl = new("--carrier-url")
    {
        Description = $"A real carrier endpoint instead of the in-process simulator. Credentials from {ControlCenterUserVariable} and {ControlCenterKeyVariable} (controlcenter) or {SuperSimSidVariable} and {SuperSimTokenVariable} (supersim).",
        HelpName = "URL",
    };

    public SyncCommandLine()
    {
        _source.AcceptOnlyFromAmong("controlcenter", "supersim");
        _sims.CustomParser = result => ParseInt(result, "--sims", 1, CarrierDataset.MaxSimCount);
        _seed.CustomParser = result => ParseInt(result, "--seed", int.MinValue, int.MaxValue);
        _rateLimit.CustomParser = result => ParseInt(result, "--rate-limit", 0, 100_000);
        _faultRate.CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || value is < 0 or > 0.5)
            {
                result.AddError($"--fault-rate must be a number from 0 to 0.5, not '{text}'.");
                return 0;
            }

            return value;
        };
        _session.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && (value.Length > 100 || !JobIds.IsValid(value)))
            {
                result.AddError($"--session '{value}' is not a valid id: use up to 100 letters, digits, '-', '_' and '.', starting with a letter or digit.");
            }
        });
        _carrierUrl.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                result.AddError($"--carrier-url '{value}' is not an absolute http or https URL.");
            }
        });

        Root = new RootCommand("Reconciles a local SIM inventory (SQLite) against a carrier's API with ResumableJobs: resumable after Ctrl+C or a crash, riding out throttling and faults, with live progress. With no options it starts a carrier simulator in-process and reconciles 20,000 SIMs.")
        {
            _db, _sims, _seed, _source, _session, _faultRate, _rateLimit, _carrierUrl,
        };
    }

    public RootCommand Root { get; }

    private static int ParseInt(ArgumentResult result, string name, int min, int max)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be a whole number from {min} to {max}, not '{text}'."));
            return 0;
        }

        return value;
    }

    /// <summary>The settings of a parse result without errors.</summary>
    /// <exception cref="SyncException">The credentials for --carrier-url are missing.</exception>
    public SyncSettings ToSettings(ParseResult parse, Func<string, string?> environment)
    {
        var source = InventoryDatabase.TryParseSource(parse.GetValue(_source)) ?? CarrierSource.ControlCenter;
        var carrierUrl = parse.GetValue(_carrierUrl) is { } text ? new Uri(text, UriKind.Absolute) : null;
        CarrierCredentials? credentials = null;
        if (carrierUrl is not null)
        {
            var (userVariable, secretVariable) = source == CarrierSource.ControlCenter
                ? (ControlCenterUserVariable, ControlCenterKeyVariable)
                : (SuperSimSidVariable, SuperSimTokenVariable);
            var user = environment(userVariable);
            var secret = environment(secretVariable);
            if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(secret))
            {
                throw new SyncException($"--carrier-url with --source {InventoryDatabase.SourceName(source)} needs the credentials in the environment variables {userVariable} and {secretVariable}.");
            }

            credentials = new CarrierCredentials(user, secret);
        }

        return new SyncSettings
        {
            DatabasePath = parse.GetValue(_db)!,
            Sims = parse.GetValue(_sims),
            Seed = parse.GetValue(_seed),
            Source = source,
            SessionId = parse.GetValue(_session),
            FaultRate = parse.GetValue(_faultRate),
            RateLimit = parse.GetValue(_rateLimit),
            CarrierUrl = carrierUrl,
            Credentials = credentials,
        };
    }
}
