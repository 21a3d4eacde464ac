using Dashboard.Data;
using Dashboard.Features.History;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Benchmarks;

/// <summary>
/// The first search design (commit 079a6b9), kept here as the baseline measured in the same run as the current one: every
/// one- and two-character piece of every word looked up through the GIN index, one query, the plan left to PostgreSQL.
/// Text words only (the benchmark's queries; phones and filters are unchanged).
/// </summary>
internal static class LegacyHistorySearch
{
    private sealed record FoldedTerm(string Text, string[] Grams);

    public static async Task<List<MessageDto>> PageAsync(AppDbContext db, string query, int limit, CancellationToken cancellationToken)
    {
        var terms = SearchTerm.Parse(query);
        var words = terms.OfType<SearchTerm.Text>().Select(t => t.Value).ToArray();
        var matching = db.Messages.AsQueryable();
        foreach (var phone in terms.OfType<SearchTerm.Phone>())
        {
            var number = phone.E164;
            matching = matching.Where(m => m.CallbackNumber == number);
        }
        if (words.Length > 0)
        {
            var folded = await db.Database.SqlQuery<FoldedTerm>($"""
                SELECT f AS "Text", search_grams(f) AS "Grams"
                FROM unnest({words}) WITH ORDINALITY AS w(word, n), LATERAL search_normalize(w.word) AS f
                ORDER BY w.n
                """).ToListAsync(cancellationToken);
            foreach (var term in folded.Where(t => t.Grams.Length > 0))
            {
                var grams = term.Grams;
                var text = term.Text;
                matching = matching.Where(m => grams.All(g => EF.Property<string[]>(m, MessageSearchColumns.Grams).Contains(g)));
                if (grams.Length > 1)
                {
                    matching = matching.Where(m => EF.Property<string>(m, MessageSearchColumns.Text).Contains(text));
                }
            }
        }
        return await matching.OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Take(limit).ToDtos(db).AsNoTracking().ToListAsync(cancellationToken);
    }
}
