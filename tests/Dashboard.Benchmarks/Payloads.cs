using System.Globalization;
using Dashboard.Features.Messages;

namespace Dashboard.Benchmarks;

/// <summary>A realistic call message, as the intake API receives it and as the validator hands it on.</summary>
internal static class Payloads
{
    public const string CallerName = "山田 花子";
    public const string Organization = "山田商事株式会社";
    public const string Callback = "090-1234-5678";
    public const string CallbackE164 = "+819012345678";
    public const string ForWhom = "院長";
    public const string Body = "駐車場で車に鍵を閉じ込めてしまった。折り返しの電話を至急お願いしたいとのこと。";
    public const string Note = "慌てた様子、二度折り返しを依頼";

    public static string Subject(int sequence) => string.Create(CultureInfo.InvariantCulture, $"鍵の閉じ込み #{sequence}");

    public static MessageInput Input(int sequence) => new()
    {
        Tenant = BenchHost.TenantSlug,
        CallerName = CallerName,
        CallerOrganization = Organization,
        CallbackNumber = Callback,
        ForWhom = ForWhom,
        Subject = Subject(sequence),
        Body = Body,
        Urgency = "Normal",
        OperatorNote = Note,
    };

    public static MessageValidator.ValidMessage Valid(int sequence) =>
        new(CallerName, Organization, CallbackE164, ForWhom, Subject(sequence), Body, Urgency.Normal, Note, null);
}
