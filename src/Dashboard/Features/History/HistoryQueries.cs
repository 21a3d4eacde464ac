using Dashboard.Data;
using Dashboard.Features.Callbacks.Deadlines;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.History;

/// <summary>
/// History reads: the criteria applied on top of the tenant query filter, newest received first, paged by keyset over
/// (ReceivedAt, Id) like the feed. Search terms use the database's own normalization (search_normalize, search_grams),
/// so a query is folded exactly as the stored text was; see decision 21 for the plans.
/// </summary>
public static class HistoryQueries
{
    private sealed record FoldedTerm(string Text, string[] Grams);

    /// <summary>How many of the newest candidates a page glances at first: enough for a very common word to fill it.</summary>
    public const int GlancedCandidates = 1_000;

    /// <summary>
    /// Fewer messages than this with all of the search words' pieces make the words rare: the search index finds them
    /// all and they are sorted (decision 21).
    /// </summary>
    public const int RareMatches = 1_000;

    /// <summary>
    /// How many of the newest candidates (every filter but the search words) a page with common words looks through
    /// before it falls back to the search index (common words, but not lately).
    /// </summary>
    public const int WalkedCandidates = 10_000;

    /// <summary>The messages matching <paramref name="criteria"/>, in no order yet.</summary>
    public static async Task<IQueryable<Message>> MatchingAsync(this AppDbContext db, HistoryCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        var terms = await FoldAsync(db, criteria, cancellationToken);
        return db.Messages.Filtered(db, criteria).Searched(terms);
    }

    /// <summary>
    /// One page, newest received first; <paramref name="before"/> continues after the last row of the previous page.
    /// With search words, PostgreSQL cannot tell how common a word's pieces are (array statistics keep only the common
    /// pieces, so a rare one is guessed at 0.5 %), so the plan is chosen here, not by the planner. First the newest
    /// <see cref="GlancedCandidates"/> candidates are glanced at (a very common word fills the page there). Then the GIN
    /// index counts the messages with every piece, up to <see cref="RareMatches"/>: fewer, and the words are rare, so those
    /// messages are all fetched from the index and sorted. Otherwise the words are common and the newest
    /// <see cref="WalkedCandidates"/> candidates are walked through the keyset index (a common word fills a page within
    /// a few hundred rows); only if that does not fill the page is the index asked after all. The index reads sit
    /// behind an optimization fence (OFFSET 0) so that the planner cannot turn them back into a walk of the whole tenant.
    /// </summary>
    public static async Task<List<MessageDto>> PageAsync(this AppDbContext db, HistoryCriteria criteria, Keyset? before, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        var terms = await FoldAsync(db, criteria, cancellationToken);
        var candidates = After(db.Messages.Filtered(db, criteria), before);
        if (terms.Count == 0)
        {
            return await NewestAsync(db, candidates, limit, cancellationToken);
        }
        // A very common word fills the page from the newest few candidates: nothing else to ask.
        var newest = await NewestAsync(db, Newest(candidates).Take(GlancedCandidates).Searched(terms), limit, cancellationToken);
        if (newest.Count >= limit || !await Newest(candidates).Skip(GlancedCandidates).AnyAsync(cancellationToken))
        {
            return newest;
        }
        var indexed = After(Indexed(db, criteria, terms), before);
        if (await indexed.Take(RareMatches).CountAsync(cancellationToken) < RareMatches)
        {
            return await NewestAsync(db, indexed.Filtered(db, criteria).Searched(terms), limit, cancellationToken);
        }
        var found = await NewestAsync(db, Newest(candidates).Take(WalkedCandidates).Searched(terms), limit, cancellationToken);
        if (found.Count >= limit || !await Newest(candidates).Skip(WalkedCandidates).AnyAsync(cancellationToken))
        {
            return found;
        }
        return await NewestAsync(db, indexed.Filtered(db, criteria).Searched(terms), limit, cancellationToken);
    }

    /// <summary>The messages with every piece of the words, read from the GIN index (a bitmap scan; PostgreSQL does not flatten OFFSET 0).</summary>
    private static IQueryable<Message> Indexed(AppDbContext db, HistoryCriteria criteria, List<FoldedTerm> terms)
    {
        var grams = terms.SelectMany(t => t.Grams).Distinct().ToArray();
        return (criteria.TenantId ?? db.Tenant.TenantId) is { } tenant
            ? db.Messages.FromSql($"""SELECT * FROM "Messages" WHERE "TenantId" = {tenant} AND "SearchGrams" @> {grams} OFFSET 0""")
            : db.Messages.FromSql($"""SELECT * FROM "Messages" WHERE "SearchGrams" @> {grams} OFFSET 0""");
    }

    private static IQueryable<Message> Filtered(this IQueryable<Message> query, AppDbContext db, HistoryCriteria criteria)
    {
        if (criteria.TenantId is { } tenant)
        {
            query = query.Where(m => m.TenantId == tenant);
        }
        if (criteria.From is { } from)
        {
            var fromUtc = from.ToUniversalTime();
            query = query.Where(m => m.ReceivedAt >= fromUtc);
        }
        if (criteria.To is { } to)
        {
            var toUtc = to.ToUniversalTime();
            query = query.Where(m => m.ReceivedAt < toUtc);
        }
        if (criteria.Status is { } status)
        {
            query = query.Where(m => m.Status == status);
        }
        if (criteria.CalledBack)
        {
            query = query.Where(m => m.CalledBackAt != null);
        }
        if (criteria.Urgencies is [var urgency])
        {
            query = query.Where(m => m.Urgency == urgency);
        }
        else if (criteria.Urgencies.Count > 1)
        {
            var urgencies = criteria.Urgencies.ToArray();
            query = query.Where(m => urgencies.Contains(m.Urgency));
        }
        if (criteria.Attention == HistoryAttention.Exhausted)
        {
            query = query.Where(m => db.MessageEscalations.Any(e => e.MessageId == m.Id && e.State == EscalationState.Exhausted));
        }
        else if (criteria.Attention == HistoryAttention.CallbackOverdue)
        {
            var asOf = criteria.AsOf.ToUniversalTime();
            query = query.Where(m => db.CallbackDeadlines.Any(d => d.MessageId == m.Id && d.Stage != DeadlineStage.Ended && d.DueAt < asOf));
        }
        if (!string.IsNullOrWhiteSpace(criteria.ForWhom))
        {
            var forWhom = criteria.ForWhom.Trim();
            query = query.Where(m => m.ForWhom == forWhom);
        }
        foreach (var phone in criteria.Terms.OfType<SearchTerm.Phone>())
        {
            var number = phone.E164;
            query = query.Where(m => m.CallbackNumber == number);
        }
        return query;
    }

    private static IQueryable<Message> Searched(this IQueryable<Message> query, List<FoldedTerm> terms)
    {
        foreach (var term in terms)
        {
            var grams = term.Grams;
            var text = term.Text;
            // The pieces first (GIN), then the term itself unless it is its one piece, as the pieces of a longer term
            // can be present apart.
            query = query.Where(m => grams.All(g => EF.Property<string[]>(m, MessageSearchColumns.Grams).Contains(g)));
            if (grams is not [var only] || only != text)
            {
                query = query.Where(m => EF.Property<string>(m, MessageSearchColumns.Text).Contains(text));
            }
        }
        return query;
    }

    private static IQueryable<Message> After(IQueryable<Message> query, Keyset? before) => before is { } b
        ? query.Where(m => EF.Functions.LessThan(ValueTuple.Create(m.ReceivedAt, m.Id), ValueTuple.Create(b.At, b.Id)))
        : query;

    private static IOrderedQueryable<Message> Newest(IQueryable<Message> query) =>
        query.OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id);

    private static Task<List<MessageDto>> NewestAsync(AppDbContext db, IQueryable<Message> query, int limit, CancellationToken cancellationToken) =>
        Newest(query).Take(limit).ToDtos(db).AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>A catch-up page (oldest change first, keyset over (UpdatedAt, Id)) of the messages matching the criteria.</summary>
    public static async Task<List<MessageDto>> ChangesPageAsync(this AppDbContext db, HistoryCriteria criteria, DateTimeOffset since,
        Keyset? after, int limit, CancellationToken cancellationToken)
    {
        var query = (await db.MatchingAsync(criteria, cancellationToken)).Where(m => m.UpdatedAt >= since);
        if (after is { } a)
        {
            query = query.Where(m => EF.Functions.GreaterThan(ValueTuple.Create(m.UpdatedAt, m.Id), ValueTuple.Create(a.At, a.Id)));
        }
        return await query.OrderBy(m => m.UpdatedAt).ThenBy(m => m.Id)
            .Take(limit).ToDtos(db).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The search words folded by the database as the stored text was (search_normalize), each with the pieces it is
    /// looked up by: the character itself for a one-character word, else only its two-character pieces (a piece the
    /// index knows exactly, instead of single characters that are common in any Japanese text). A word that folds to
    /// nothing (only marks NFKC drops) is left out.
    /// </summary>
    private static async Task<List<FoldedTerm>> FoldAsync(AppDbContext db, HistoryCriteria criteria, CancellationToken cancellationToken)
    {
        var words = criteria.Terms.OfType<SearchTerm.Text>().Select(t => t.Value).ToArray();
        if (words.Length == 0)
        {
            return [];
        }
        var folded = await db.Database.SqlQuery<FoldedTerm>($"""
            SELECT f AS "Text", CASE WHEN length(f) = 1 THEN search_grams(f) ELSE COALESCE(NULLIF(ARRAY(
                       SELECT DISTINCT substr(f, i, 2) FROM generate_series(1, length(f) - 1) AS i WHERE substr(f, i, 2) !~ '\s'),
                       ARRAY[]::text[]), search_grams(f)) END AS "Grams"
            FROM unnest({words}) WITH ORDINALITY AS w(word, n), LATERAL search_normalize(w.word) AS f
            ORDER BY w.n
            """).ToListAsync(cancellationToken);
        return folded.Where(t => t.Grams.Length > 0).ToList();
    }
}
