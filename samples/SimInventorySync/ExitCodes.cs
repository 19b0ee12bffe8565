namespace SimInventorySync;

/// <summary>The program's exit codes.</summary>
internal static class ExitCodes
{
    public const int Completed = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;
    public const int Stopped = 130;
}
