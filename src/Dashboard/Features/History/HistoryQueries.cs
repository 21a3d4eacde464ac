using Dashboard.Data;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.History;

/// <summary>
/// History reads: the criteria applied on top of the tenant query filter, newest received first, paged by keyset over
/// (ReceivedAt, Id) like the feed. Search terms use the database's own normalization (search_normalize, search_grams),
/// so a query is folded exactly as the stored text was; see decision 00NN-history-search for the plans.
/// </summary>
public static class HistoryQueries
{
    private sealed record FoldedTerm(string Text, string[] Grams);

    /// <summary>
    /// How many of the newest candidates (every filter but the search words) a page looks through before it decides the
    /// words are rare and asks the search index instead (decision 00NN-history-search).
    /// </summary>
    public const int WalkedCandidates = 10_000;

    /// <summary>The messages matching <paramref name="criteria"/>, in no order yet.</summary>
    public static async Task<IQueryable<Message>> MatchingAsync(this AppDbContext db, HistoryCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        var terms = await FoldAsync(db, criteria, cancellationToken);
        return db.Messages.Filtered(criteria).Searched(terms);
    }

    /// <summary>
    /// One page, newest received first; <paramref name="before"/> continues after the last row of the previous page.
    /// With search words, PostgreSQL cannot tell how common a word's pieces are (array statistics keep only the common
    /// pieces), so the plan is chosen here, not by the planner: the newest <see cref="WalkedCandidates"/> candidates are
    /// walked through the keyset index (a common word fills the page within a few hundred rows); when that does not
    /// fill the page and there were more candidates, the word is rare and the GIN index finds all its messages, which
    /// are few, behind an optimization fence so the planner cannot go back to walking the whole tenant.
    /// </summary>
    public static Task<List<MessageDto>> PageAsync(this AppDbContext db, HistoryCriteria criteria, Keyset? before, int limit,
        CancellationToken cancellationToken) => db.PageAsync(criteria, before, limit, WalkedCandidates, cancellationToken);

    /// <summary>The page, walking <paramref name="walked"/> candidates before asking the search index (the benchmark compares sizes).</summary>
    internal static async Task<List<MessageDto>> PageAsync(this AppDbContext db, HistoryCriteria criteria, Keyset? before, int limit,
        int walked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        var terms = await FoldAsync(db, criteria, cancellationToken);
        var candidates = After(db.Messages.Filtered(criteria), before);
        if (terms.Count == 0)
        {
            return await NewestAsync(db, candidates, limit, cancellationToken);
        }
        var found = await NewestAsync(db, Newest(candidates).Take(walked).Searched(terms), limit, cancellationToken);
        if (found.Count >= limit || !await Newest(candidates).Skip(walked).AnyAsync(cancellationToken))
        {
            return found;
        }
        var grams = terms.SelectMany(t => t.Grams).Distinct().ToArray();
        var tenant = criteria.TenantId ?? db.Tenant.TenantId;
        // OFFSET 0 keeps this subquery apart (PostgreSQL does not flatten it): a bitmap scan of the GIN index.
        var indexed = tenant is { } id
            ? db.Messages.FromSql($"""SELECT * FROM "Messages" WHERE "TenantId" = {id} AND "SearchGrams" @> {grams} OFFSET 0""")
            : db.Messages.FromSql($"""SELECT * FROM "Messages" WHERE "SearchGrams" @> {grams} OFFSET 0""");
        return await NewestAsync(db, After(indexed.Filtered(criteria), before).Searched(terms), limit, cancellationToken);
    }

    private static IQueryable<Message> Filtered(this IQueryable<Message> query, HistoryCriteria criteria)
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
        if (criteria.Urgency is { } urgency)
        {
            query = query.Where(m => m.Urgency == urgency);
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
