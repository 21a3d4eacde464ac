namespace Dashboard.Features.Administration;

/// <summary>What an administration change came to: nothing wrong, or a readable message per field ("" for the form as a whole).</summary>
public sealed record AdminOutcome(IReadOnlyDictionary<string, string> Errors)
{
    public static readonly AdminOutcome Ok = new(new Dictionary<string, string>());

    public bool Succeeded => Errors.Count == 0;

    public static AdminOutcome Fail(string field, string message) => new(new Dictionary<string, string> { [field] = message });
}
