using System.Net.Mail;
using Dashboard.Features.Messages;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Contacts;

/// <summary>A contact as typed into a form: the phone as the person wrote it (090-1234-5678), kept when it is wrong.</summary>
public sealed class ContactInput
{
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Language { get; set; } = "ja";
    public Guid? UserId { get; set; }

    public static ContactInput From(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return new ContactInput
        {
            Name = contact.Name,
            Email = contact.Email ?? "",
            Phone = contact.Phone is null ? "" : CallbackNumbers.Display(contact.Phone),
            Language = contact.Language,
            UserId = contact.UserId,
        };
    }
}

/// <summary>The field names errors are keyed by, so a page puts each message next to its field.</summary>
public static class ContactField
{
    public const string Name = nameof(ContactInput.Name);
    public const string Email = nameof(ContactInput.Email);
    public const string Phone = nameof(ContactInput.Phone);
    public const string Language = nameof(ContactInput.Language);
    public const string User = nameof(ContactInput.UserId);
}

/// <summary>The input cleaned up: trimmed, the phone in E.164, empty fields as null.</summary>
public sealed record CleanContact(string Name, string? Email, string? Phone, string Language, Guid? UserId);

public static class ContactRules
{
    public static readonly string[] Languages = ["ja", "en"];

    /// <summary>Checks every field and returns the cleaned contact, or null with a readable message per bad field.</summary>
    public static CleanContact? Validate(ContactInput input, IStringLocalizer text, Dictionary<string, string> errors, bool nameRequired = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Clear();
        var name = input.Name.Trim();
        if (nameRequired && name.Length == 0)
        {
            errors[ContactField.Name] = text["Validation_Required"];
        }
        else if (name.Length > 200)
        {
            errors[ContactField.Name] = text["Contact_NameTooLong", 200];
        }
        var email = input.Email.Trim();
        if (email.Length > 0 && !IsEmailAddress(email))
        {
            errors[ContactField.Email] = text["Contact_EmailInvalid"];
        }
        var phone = input.Phone.Trim();
        string? e164 = null;
        if (phone.Length > 0)
        {
            if (CallbackNumbers.TryNormalize(phone, out var normalized))
            {
                e164 = normalized;
            }
            else
            {
                errors[ContactField.Phone] = text["Contact_PhoneInvalid"];
            }
        }
        if (!Languages.Contains(input.Language))
        {
            errors[ContactField.Language] = text["Contact_LanguageInvalid"];
        }
        return errors.Count > 0 ? null : new CleanContact(name, email.Length == 0 ? null : email, e164, input.Language, input.UserId);
    }

    /// <summary>One plain address (no display name, no list), short enough for the column.</summary>
    private static bool IsEmailAddress(string value) =>
        value.Length <= 320 && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value && value.Contains('@', StringComparison.Ordinal);
}
