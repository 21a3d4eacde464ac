using System.Globalization;
using CsvHelper;
using Dashboard.Data;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SpreadCheetah;

namespace Dashboard.Features.History;

/// <summary>
/// A filtered history as a file, written while the rows are read (one query, rows streamed from the database straight
/// into the writer's buffer), so a large export never sits in memory. CSV is UTF-8 with a BOM (Excel opens Japanese
/// correctly only then), RFC 4180 quoting, and text that starts like a formula (= + - @) escaped with a leading '; the
/// .xlsx writes every value as a typed cell, so text is never a formula there. Times are each tenant's local time.
/// </summary>
public static class HistoryExport
{
    /// <summary>The most rows one export writes (a year of the busiest tenant is 3.65 M; narrow the filter for more).</summary>
    public const int MaxRows = 1_000_000;

    public enum Format
    {
        Csv,
        Xlsx,
    }

    private sealed record Row(Guid Id, string Tenant, string TimeZoneId, DateTimeOffset ReceivedAt, Urgency Urgency, MessageStatus Status,
        string CallerName, string CallerOrganization, string CallbackNumber, string ForWhom, string Subject, string Body,
        string OperatorNote, string OperatorName, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ResolvedAt,
        string? ResolvedBy);

    private static readonly string[] Columns =
    [
        "Export_ReceivedAt", "Export_Tenant", "Export_Urgency", "Export_Status", "Message_CallerName", "Message_CallerOrganization",
        "Message_CallbackNumber", "Message_ForWhom", "Message_Subject", "Message_Body", "Message_OperatorNote", "Export_Operator",
        "Export_AcknowledgedAt", "Export_AcknowledgedBy", "Export_ResolvedAt", "Export_ResolvedBy", "Export_Id",
    ];

    public static string ContentType(Format format) => format == Format.Csv
        ? "text/csv; charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string FileName(Format format, string? tenantSlug, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"history-{tenantSlug ?? "all"}-{now:yyyyMMdd-HHmm}.{(format == Format.Csv ? "csv" : "xlsx")}");

    /// <summary>Writes the export to <paramref name="destination"/>; returns the number of data rows.</summary>
    public static async Task<int> WriteAsync(AppDbContext db, HistoryCriteria criteria, Format format, Stream destination,
        IStringLocalizer text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(text);
        var matching = await db.MatchingAsync(criteria, cancellationToken);
        var rows = (from m in matching
                    join t in db.Tenants on m.TenantId equals t.Id
                    orderby m.ReceivedAt descending, m.Id descending
                    select new Row(m.Id, t.Slug, t.TimeZoneId, m.ReceivedAt, m.Urgency, m.Status, m.CallerName, m.CallerOrganization,
                        m.CallbackNumber, m.ForWhom, m.Subject, m.Body, m.OperatorNote, m.OperatorName, m.AcknowledgedAt,
                        m.AcknowledgedBy, m.ResolvedAt, m.ResolvedBy))
            .Take(MaxRows).AsNoTracking().AsAsyncEnumerable();
        var header = Columns.Select(c => text[c].Value).ToArray();
        var zones = new Dictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        DateTime Local(DateTimeOffset at, string zoneId)
        {
            if (!zones.TryGetValue(zoneId, out var zone))
            {
                zones[zoneId] = zone = HistoryRequest.ZoneOf(new Tenancy.Tenant { Slug = "", DisplayName = "", TimeZoneId = zoneId });
            }
            return TimeZoneInfo.ConvertTime(at, zone).DateTime;
        }
        string[] Fields(Row r) =>
        [
            Stamp(Local(r.ReceivedAt, r.TimeZoneId)), r.Tenant, text[$"Urgency_{r.Urgency}"], text[$"Status_{r.Status}"], r.CallerName,
            r.CallerOrganization, CallbackNumbers.Display(r.CallbackNumber), r.ForWhom, r.Subject, r.Body, r.OperatorNote, r.OperatorName,
            r.AcknowledgedAt is { } a ? Stamp(Local(a, r.TimeZoneId)) : "", r.AcknowledgedBy ?? "",
            r.ResolvedAt is { } s ? Stamp(Local(s, r.TimeZoneId)) : "", r.ResolvedBy ?? "", r.Id.ToString(),
        ];

        var count = 0;
        if (format == Format.Csv)
        {
            var options = new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape };
            await using var csv = CsvWriter.Create(destination, options, leaveOpen: true);
            csv.WriteHeader(header);
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                await csv.WriteRecordAsync(Fields(row), cancellationToken);
                count++;
            }
            await csv.FlushAsync(cancellationToken);
            return count;
        }

        var body = new SyncWritesDeferredStream(destination);
        await using (body)
        {
            await using (var spreadsheet = await Spreadsheet.CreateNewAsync(body, cancellationToken: cancellationToken))
            {
                count = await WriteSheetAsync(spreadsheet, header, rows, Fields, Local, text, cancellationToken);
            }
            await body.FlushAsync(cancellationToken);
        }
        return count;
    }

    private static async Task<int> WriteSheetAsync(Spreadsheet spreadsheet, string[] header, IAsyncEnumerable<Row> rows,
        Func<Row, string[]> fieldsOf, Func<DateTimeOffset, string, DateTime> toLocal, IStringLocalizer text, CancellationToken cancellationToken)
    {
        var count = 0;
        await spreadsheet.StartWorksheetAsync(text["History_Title"].Value, null, cancellationToken);
        await spreadsheet.AddRowAsync(header.Select(h => new Cell(h)).ToArray(), cancellationToken);
        var cells = new Cell[Columns.Length];
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var fields = fieldsOf(row);
            for (var i = 0; i < fields.Length; i++)
            {
                cells[i] = new Cell(fields[i]);
            }
            // Times as real date cells, so Excel sorts and filters them.
            cells[0] = new Cell(toLocal(row.ReceivedAt, row.TimeZoneId));
            cells[12] = row.AcknowledgedAt is { } a ? new Cell(toLocal(a, row.TimeZoneId)) : new Cell((string?)null);
            cells[14] = row.ResolvedAt is { } s ? new Cell(toLocal(s, row.TimeZoneId)) : new Cell((string?)null);
            await spreadsheet.AddRowAsync(cells, cancellationToken);
            count++;
        }
        await spreadsheet.FinishAsync(cancellationToken);
        return count;
    }

    private static string Stamp(DateTime local) => local.ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture);
}
