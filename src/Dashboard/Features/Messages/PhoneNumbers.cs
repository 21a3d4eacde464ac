using PhoneNumbers;

namespace Dashboard.Features.Messages;

/// <summary>Callback numbers are stored in E.164; Japan is the default region for numbers typed without +81.</summary>
public static class CallbackNumbers
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool TryNormalize(string? raw, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }
        try
        {
            var number = Util.Parse(raw.Trim(), "JP");
            if (!Util.IsValidNumber(number))
            {
                return false;
            }
            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>For display: national format for Japanese numbers (03-1234-5678), international otherwise.</summary>
    public static string Display(string e164)
    {
        try
        {
            var number = Util.Parse(e164, "JP");
            return Util.Format(number, number.CountryCode == 81 ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}
