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

    /// <summary>The messages matching <paramref name="criteria"/>, in no order yet.</summary>
    public static async Task<IQueryable<Message>> MatchingAsync(this AppDbContext db, HistoryCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var query = db.Messages.AsQueryable();
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
        if (criteria.Urgency is { } urgency)
        {
            query = query.Where(m => m.Urgency == urgency);
        }
        if (!string.IsNullOrWhiteSpace(criteria.ForWhom))
        {
            var forWhom = criteria.ForWhom.Trim();
            query = query.Where(m => m.ForWhom == forWhom);
        }
        var terms = criteria.Terms;
        foreach (var phone in terms.OfType<SearchTerm.Phone>())
        {
            var number = phone.E164;
            query = query.Where(m => m.CallbackNumber == number);
        }
        var words = terms.OfType<SearchTerm.Text>().Select(t => t.Value).ToArray();
        if (words.Length > 0)
        {
            foreach (var term in await FoldAsync(db, words, cancellationToken))
            {
                var grams = term.Grams;
                var text = term.Text;
                // The pieces first (GIN: an index lookup even for one character), then the term itself, as the pieces
                // of a longer term can be present apart.
                query = query.Where(m => grams.All(g => EF.Property<string[]>(m, MessageSearchColumns.Grams).Contains(g)));
                if (grams.Length > 1)
                {
                    query = query.Where(m => EF.Property<string>(m, MessageSearchColumns.Text).Contains(text));
                }
            }
        }
        return query;
    }

    /// <summary>One page, newest received first; <paramref name="before"/> continues after the last row of the previous page.</summary>
    public static async Task<List<MessageDto>> PageAsync(this AppDbContext db, HistoryCriteria criteria, Keyset? before, int limit,
        CancellationToken cancellationToken)
    {
        var query = await db.MatchingAsync(criteria, cancellationToken);
        if (before is { } b)
        {
            query = query.Where(m => EF.Functions.LessThan(ValueTuple.Create(m.ReceivedAt, m.Id), ValueTuple.Create(b.At, b.Id)));
        }
        return await query.OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Take(limit).ToDtos(db).AsNoTracking().ToListAsync(cancellationToken);
    }

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

    /// <summary>Terms folded by the database; a term that folds to nothing (only marks NFKC drops) is left out.</summary>
    private static async Task<List<FoldedTerm>> FoldAsync(AppDbContext db, string[] words, CancellationToken cancellationToken)
    {
        var folded = await db.Database.SqlQuery<FoldedTerm>($"""
            SELECT f AS "Text", search_grams(f) AS "Grams"
            FROM unnest({words}) WITH ORDINALITY AS w(word, n), LATERAL search_normalize(w.word) AS f
            ORDER BY w.n
            """).ToListAsync(cancellationToken);
        return folded.Where(t => t.Grams.Length > 0).ToList();
    }
}
