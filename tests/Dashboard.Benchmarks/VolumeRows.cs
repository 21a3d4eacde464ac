using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Benchmarks;

/// <summary>
/// One stream of seeded messages (<see cref="VolumeSeeder"/>): message i (1 = the newest) of each tenant, its text
/// and status from i alone, so the figures do not depend on how the load is split. Written with binary COPY.
/// </summary>
internal sealed record MessageRows(Guid Tenant, bool Big, long From, long To, long PerTenant)
{
    /// <summary>The tenants of a stream of other tenants (each gets messages From..To); the big tenant's stream has <see cref="Tenant"/>.</summary>
    public IReadOnlyList<Guid> Tenants { get; init; } = [Tenant];

    private static readonly string[] Surnames =
        ["山本", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水"];

    private static readonly string[] Bodies =
    [
        "お電話がありました。折り返しお願いします。", "水漏れの件でお電話がありました。", "予約の変更をしたいとのことです。", "見積もりについて確認したいそうです。",
        "鍵を閉じ込めたとのことです。", "請求書の送付先が変わりました。", "担当者から連絡がほしいそうです。",
    ];

    private const string Columns = """
        COPY "Messages" ("Id", "TenantId", "ReceivedAt", "CallerName", "CallerOrganization", "CallbackNumber", "ForWhom",
            "Subject", "Body", "Urgency", "OperatorNote", "OperatorName", "Status", "AcknowledgedAt", "AcknowledgedBy",
            "AcknowledgedVia", "ResolvedAt", "ResolvedBy", "ResolvedVia", "UpdatedAt", "SearchText", "SearchGrams") FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>
    /// Synchronous on purpose: a row is 22 small writes into Npgsql's buffer, and awaiting each costs more than the
    /// row; the caller runs it on the thread pool.
    /// </summary>
    public long Copy(NpgsqlConnection connection, DateTime now, VolumeSeeder.Scale scale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(scale);
        var rows = 0L;
        using var writer = connection.BeginBinaryImport(Columns);
        var span = (Int128)scale.Days * TimeSpan.TicksPerDay;
        foreach (var tenant in Tenants)
        {
            // Oldest first, so the time-ordered ids (version 7, like the app's) grow and the primary key fills page by page.
            for (var i = To; i >= From; i--)
            {
                if (i % 10_000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                // Same instant as the old SQL: now() - 1 s - (1 day * days) * i / per tenant, at PostgreSQL's microseconds.
                var ticks = (long)(span * i / PerTenant);
                var t = new DateTime(now.Ticks - TimeSpan.TicksPerSecond - ticks / 10 * 10, DateTimeKind.Utc);
                var urgency = i % 50 == 0 ? 2 : i % 20 == 0 ? 1 : 0;
                var status = Big && i <= scale.Open && (urgency == 0 || i % 1000 == 0) ? 0 : urgency > 0 && i % 100_000 == 0 ? 1 : 2;
                // Text for search (section 9): 20 surnames (林 in 1 of 20), 7 bodies (水漏 in 1 of 7), a rare organisation (1 in 5,000).
                var caller = Surnames[i % 20] + " " + (i % 997).ToString(CultureInfo.InvariantCulture);
                var organization = i % 5000 == 0 ? "林檎農園" : "株式会社サンプル";
                var number = "+8131234" + (i % 10000).ToString("D4", CultureInfo.InvariantCulture);
                const string forWhom = "院長";
                var subject = "折り返しのお願い " + i.ToString(CultureInfo.InvariantCulture);
                var body = Bodies[i % 7] + i.ToString(CultureInfo.InvariantCulture);
                var text = SearchColumns.Text([caller, organization, forWhom, subject, body, ""], number);

                writer.StartRow();
                writer.Write(Guid.CreateVersion7(new DateTimeOffset(t)), NpgsqlDbType.Uuid);
                writer.Write(tenant, NpgsqlDbType.Uuid);
                writer.Write(t, NpgsqlDbType.TimestampTz);
                writer.Write(caller, NpgsqlDbType.Varchar);
                writer.Write(organization, NpgsqlDbType.Varchar);
                writer.Write(number, NpgsqlDbType.Varchar);
                writer.Write(forWhom, NpgsqlDbType.Varchar);
                writer.Write(subject, NpgsqlDbType.Varchar);
                writer.Write(body, NpgsqlDbType.Varchar);
                writer.Write(urgency, NpgsqlDbType.Integer);
                writer.Write("", NpgsqlDbType.Varchar);
                writer.Write("bench", NpgsqlDbType.Varchar);
                writer.Write(status, NpgsqlDbType.Integer);
                WriteIf(writer, status > 0, t.AddMinutes(3), "スタッフ");
                WriteIf(writer, status == 2, t.AddMinutes(30), "スタッフ");
                writer.Write(status == 2 ? t.AddMinutes(30) : status == 1 ? t.AddMinutes(3) : t, NpgsqlDbType.TimestampTz);
                writer.Write(text, NpgsqlDbType.Text);
                writer.Write(SearchColumns.Grams(text), NpgsqlDbType.Array | NpgsqlDbType.Text);
                rows++;
            }
        }
        writer.Complete();
        return rows;
    }

    /// <summary>An acknowledgement or resolution: at, by, via (0, the dashboard), or three nulls.</summary>
    private static void WriteIf(NpgsqlBinaryImporter writer, bool present, DateTime at, string by)
    {
        if (present)
        {
            writer.Write(at, NpgsqlDbType.TimestampTz);
            writer.Write(by, NpgsqlDbType.Varchar);
            writer.Write(0, NpgsqlDbType.Integer);
        }
        else
        {
            writer.WriteNull();
            writer.WriteNull();
            writer.WriteNull();
        }
    }
}

/// <summary>
/// The database's search columns computed in .NET for the seeder: message_search_text (HistorySearch and HistorySearchNotes
/// migations; a seeded message has no notes or callbacks) and search_grams. Exact for the seeder's texts (no characters
/// outside the BMP, where .NET's UTF-16 order and the database's C.UTF-8 order could differ); the seeder checks a sample
/// against the database's own functions and stops on any difference.
/// </summary>
internal static class SearchColumns
{
    /// <summary>search_normalize(concat_ws(E'\n', fields...)) || E'\n' || ltrim(number, '+') || the national form of a +81 number.</summary>
    public static string Text(IEnumerable<string> fields, string number)
    {
        var text = new StringBuilder(string.Join('\n', fields).Normalize(NormalizationForm.FormKC).ToLowerInvariant());
        text.Append('\n').Append(number.TrimStart('+'));
        if (number.StartsWith("+81", StringComparison.Ordinal))
        {
            text.Append("\n0").Append(number, 3, number.Length - 3);
        }
        return text.ToString();
    }

    /// <summary>
    /// Every distinct one- and two-character piece without white space, in the order the database's DISTINCT sorts them
    /// (C collation: code points). A piece is a number (first char, second char or 0), whose numeric order is the strings'
    /// ordinal order, so sorting numbers and keeping one of each gives the array without a string per piece per row;
    /// the few thousand distinct pieces are made once.
    /// </summary>
    public static string[] Grams(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var keys = new uint[text.Length * 2];
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                continue;
            }
            keys[count++] = (uint)text[i] << 16;
            if (i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                keys[count++] = ((uint)text[i] << 16) | text[i + 1];
            }
        }
        Array.Sort(keys, 0, count);
        var distinct = 0;
        for (var i = 0; i < count; i++)
        {
            if (distinct == 0 || keys[i] != keys[distinct - 1])
            {
                keys[distinct++] = keys[i];
            }
        }
        var grams = new string[distinct];
        for (var i = 0; i < distinct; i++)
        {
            grams[i] = Pieces.GetOrAdd(keys[i], static key => (key & 0xFFFF) == 0
                ? new string((char)(key >> 16), 1)
                : string.Concat(((char)(key >> 16)).ToString(), ((char)(key & 0xFFFF)).ToString()));
        }
        return grams;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<uint, string> Pieces = new();
}
