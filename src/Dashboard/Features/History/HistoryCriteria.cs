using System.Text;
using System.Text.RegularExpressions;
using Dashboard.Features.Messages;

namespace Dashboard.Features.History;

/// <summary>
/// What a history search asks for: a tenant (or every tenant the caller may see), received in [From, To), urgency,
/// status, for whom (exact), and the words typed in the one search box.
/// </summary>
public sealed record HistoryCriteria
{
    public const int MaxQueryLength = 100;
    public const int MaxTerms = 8;

    public Guid? TenantId { get; init; }
    public string? Query { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? ForWhom { get; init; }
    public MessageStatus? Status { get; init; }

    /// <summary>Only messages called back (折り返し済み: a reached callback recorded), whatever their status.</summary>
    public bool CalledBack { get; init; }
    /// <summary>Any of these urgencies (empty: any urgency); the address writes several as <c>urgency=Urgent,Emergency</c>.</summary>
    public IReadOnlyList<Urgency> Urgencies { get; init; } = [];

    /// <summary>Only the messages behind one of /manage's alarm figures (<c>attention=exhausted|callback-overdue</c>).</summary>
    public HistoryAttention? Attention { get; init; }

    /// <summary>"Now" for <see cref="HistoryAttention.CallbackOverdue"/>: a running callback deadline due before it.</summary>
    public DateTimeOffset AsOf { get; init; }

    public IReadOnlyList<SearchTerm> Terms => SearchTerm.Parse(Query);
}

/// <summary>The messages that need someone's attention, as the account manager's figures count them.</summary>
public enum HistoryAttention
{
    /// <summary>Every escalation step ran without anyone acknowledging (エスカレーション終了・未確認).</summary>
    Exhausted,

    /// <summary>A callback deadline still running whose time has passed (折り返し期限超過).</summary>
    CallbackOverdue,
}

/// <summary>One word of the search box: text anywhere in the searched fields, or a complete phone number.</summary>
public abstract partial record SearchTerm
{
    /// <summary>Looked for in the normalized search text (the database normalizes it the same way as the stored text).</summary>
    public sealed record Text(string Value) : SearchTerm;

    /// <summary>A complete, valid number however it was typed: equal to the stored E.164 callback number.</summary>
    public sealed record Phone(string E164) : SearchTerm;

    /// <summary>
    /// Splits on white space (including the ideographic space); a query that is a phone number as a whole
    /// ("+81 90 1234 5678", "０３（１２３４）５６７８") stays one term. A part-number ("5678", "090-12") is looked for as
    /// digits, with +81 written as the national 0, so it matches the stored number's digits in either form.
    /// </summary>
    public static IReadOnlyList<SearchTerm> Parse(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }
        var folded = query.Normalize(NormalizationForm.FormKC).Trim();
        if (PhoneLike().IsMatch(folded))
        {
            return [ForNumber(folded)];
        }
        return folded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => PhoneLike().IsMatch(word) ? ForNumber(word) : new Text(word))
            .Distinct().Take(HistoryCriteria.MaxTerms).ToList();
    }

    private static SearchTerm ForNumber(string typed)
    {
        if (CallbackNumbers.TryNormalize(typed, out var e164))
        {
            return new Phone(e164);
        }
        var digits = string.Concat(typed.Where(char.IsAsciiDigit));
        return new Text(typed.StartsWith('+') && digits.StartsWith("81", StringComparison.Ordinal) ? "0" + digits[2..] : digits);
    }

    // Digits with the separators people type in numbers; at least one digit.
    [GeneratedRegex(@"^\+?[0-9\-‐‑–—−ー().\s]*[0-9][0-9\-‐‑–—−ー().\s]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneLike();
}
