using System.Globalization;
using Dashboard.Features.Messages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Messages;

/// <summary>The one set of rules behind the operator console and the intake API.</summary>
public sealed class MessageValidatorTests
{
    private static readonly IStringLocalizer<SharedResource> Text = new StringLocalizer<SharedResource>(
        new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));

    private static readonly MessageValidator Validator = new(Text, TimeProvider.System);

    private static MessageInput Valid() => new()
    {
        Tenant = "alpha-clinic",
        CallerName = "  山田 花子 ",
        CallerOrganization = " 山田商事 ",
        CallbackNumber = "090-1234-5678",
        ForWhom = "院長",
        Subject = " 駐車場で車に鍵を閉じ込めた ",
        Body = "至急折り返しを",
        Urgency = "Emergency",
        OperatorNote = "慌てた様子",
    };

    private static T InCulture<T>(string culture, Func<T> action)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void ConsoleForm_WithANulCharacter_NamesTheField_InsteadOfReachingTheDatabase()
    {
        var input = Valid();
        input.CallerName = "山田\u0000";
        input.OperatorNote = "\u0000";

        var result = Validator.Validate(input, requireTenant: false);

        Assert.False(result.IsValid);
        Assert.Equal(["callerName", "operatorNote"], result.Errors.Keys.Order());
    }

    [Fact]
    public void ReceivedAt_IsAcceptedFrom2000UntilFiveMinutesAheadOfTheServersClock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var validator = new MessageValidator(Text, clock);
        bool Accepted(string receivedAt)
        {
            var input = Valid();
            input.ReceivedAt = receivedAt;
            return validator.Validate(input, requireTenant: true).IsValid;
        }

        Assert.True(Accepted("2000-01-01T00:00:00Z"));
        Assert.True(Accepted("2026-12-01T21:04:59+09:00"));
        Assert.False(Accepted("1999-12-31T23:59:59Z"));
        Assert.False(Accepted("2026-12-01T12:05:01Z"));
    }

    [Fact]
    public void ValidInput_IsCleaned_AndTheNumberNormalised()
    {
        var result = Validator.Validate(Valid(), requireTenant: true);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        var value = result.Value!;
        Assert.Equal("山田 花子", value.CallerName);
        Assert.Equal("山田商事", value.CallerOrganization);
        Assert.Equal("駐車場で車に鍵を閉じ込めた", value.Subject);
        Assert.Equal("+819012345678", value.CallbackNumber);
        Assert.Equal(Urgency.Emergency, value.Urgency);
        Assert.Null(value.ReceivedAt);
    }

    [Fact]
    public void OptionalFields_Missing_BecomeEmpty_AndUrgencyDefaultsToNormal()
    {
        var input = new MessageInput { CallerName = "佐藤", CallbackNumber = "03-1234-5678", Subject = "折り返し" };

        var result = Validator.Validate(input, requireTenant: false);

        Assert.True(result.IsValid);
        Assert.Equal("", result.Value!.CallerOrganization);
        Assert.Equal("", result.Value.ForWhom);
        Assert.Equal("", result.Value.Body);
        Assert.Equal("", result.Value.OperatorNote);
        Assert.Equal(Urgency.Normal, result.Value.Urgency);
    }

    [Fact]
    public void EmptyInput_NamesEachRequiredField()
    {
        var result = Validator.Validate(new MessageInput { CallerName = "   " }, requireTenant: true);

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal(["callbackNumber", "callerName", "subject", "tenant"], result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(result.Errors.Values, messages => Assert.False(string.IsNullOrWhiteSpace(Assert.Single(messages))));
    }

    [Fact]
    public void Tenant_IsRequiredOnlyWhenAsked()
    {
        var input = Valid();
        input.Tenant = null;

        Assert.True(Validator.Validate(input, requireTenant: false).IsValid);
        Assert.Equal(["tenant"], Validator.Validate(input, requireTenant: true).Errors.Keys);
    }

    [Theory]
    [InlineData("callerName", MessageLimits.Name)]
    [InlineData("callerOrganization", MessageLimits.Name)]
    [InlineData("forWhom", MessageLimits.Name)]
    [InlineData("subject", MessageLimits.Subject)]
    [InlineData("body", MessageLimits.Body)]
    [InlineData("operatorNote", MessageLimits.Body)]
    public void Field_AtItsLimit_IsAccepted_OneOver_IsRejectedWithTheLimitInTheMessage(string field, int max)
    {
        var atLimit = Valid();
        Set(atLimit, field, " " + new string('あ', max) + " ");
        Assert.True(Validator.Validate(atLimit, requireTenant: true).IsValid);

        var over = Valid();
        Set(over, field, new string('あ', max + 1));
        var errors = Validator.Validate(over, requireTenant: true).Errors;

        Assert.Equal([field], errors.Keys);
        Assert.Contains(max.ToString(CultureInfo.InvariantCulture), Assert.Single(errors[field]), StringComparison.Ordinal);
    }

    private static void Set(MessageInput input, string field, string value)
    {
        switch (field)
        {
            case "callerName": input.CallerName = value; break;
            case "callerOrganization": input.CallerOrganization = value; break;
            case "forWhom": input.ForWhom = value; break;
            case "subject": input.Subject = value; break;
            case "body": input.Body = value; break;
            case "operatorNote": input.OperatorNote = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, null);
        }
    }

    [Theory]
    [InlineData("Normal", Urgency.Normal)]
    [InlineData("urgent", Urgency.Urgent)]
    [InlineData("EMERGENCY", Urgency.Emergency)]
    [InlineData("", Urgency.Normal)]
    [InlineData(null, Urgency.Normal)]
    public void Urgency_ByName_InAnyCase_IsAccepted(string? urgency, Urgency expected)
    {
        var input = Valid();
        input.Urgency = urgency;

        Assert.Equal(expected, Validator.Validate(input, requireTenant: true).Value!.Urgency);
    }

    [Theory]
    [InlineData("Catastrophic")]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("7")]
    [InlineData("Normal,Urgent")]
    [InlineData("Normal, Emergency")]
    [InlineData("Urgent,Urgent")]
    public void Urgency_NotOneOfTheThreeNames_IsRejected(string urgency)
    {
        var input = Valid();
        input.Urgency = urgency;

        Assert.Equal(["urgency"], Validator.Validate(input, requireTenant: true).Errors.Keys);
    }

    [Fact]
    public void ReceivedAt_InIso8601_IsKeptAsUtc()
    {
        var input = Valid();
        input.ReceivedAt = "2026-11-28T12:05:00+09:00";

        var receivedAt = Validator.Validate(input, requireTenant: true).Value!.ReceivedAt;

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 3, 5, 0, TimeSpan.Zero), receivedAt);
        Assert.Equal(TimeSpan.Zero, receivedAt!.Value.Offset);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-45T99:00:00Z")]
    public void ReceivedAt_NotADate_IsRejected(string receivedAt)
    {
        var input = Valid();
        input.ReceivedAt = receivedAt;

        Assert.Equal(["receivedAt"], Validator.Validate(input, requireTenant: true).Errors.Keys);
    }

    [Fact]
    public void CallbackNumber_Missing_AndInvalid_GetDifferentMessages()
    {
        var missing = Valid();
        missing.CallbackNumber = " ";
        var invalid = Valid();
        invalid.CallbackNumber = "12";

        var missingMessage = Assert.Single(Validator.Validate(missing, requireTenant: true).Errors["callbackNumber"]);
        var invalidMessage = Assert.Single(Validator.Validate(invalid, requireTenant: true).Errors["callbackNumber"]);

        Assert.NotEqual(missingMessage, invalidMessage);
    }

    [Fact]
    public void Messages_AreJapaneseByDefault_AndEnglishOnRequest()
    {
        var input = new MessageInput { CallerName = "佐藤", CallbackNumber = "12", Subject = new string('x', MessageLimits.Subject + 1) };

        var japanese = InCulture("ja", () => Validator.Validate(input, requireTenant: false).Errors);
        var english = InCulture("en", () => Validator.Validate(input, requireTenant: false).Errors);

        Assert.Equal("200 文字以内で入力してください。", Assert.Single(japanese["subject"]));
        Assert.StartsWith("電話番号として正しくありません", Assert.Single(japanese["callbackNumber"]), StringComparison.Ordinal);
        Assert.Equal("At most 200 characters.", Assert.Single(english["subject"]));
        Assert.StartsWith("Not a valid phone number", Assert.Single(english["callbackNumber"]), StringComparison.Ordinal);
    }
}
