using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Features.History;

/// <summary>
/// The search columns of a message, kept by the database (a trigger fills them on every insert and on every change of
/// a searched field; decision 21): <c>SearchText</c> is the searched fields NFKC-normalized and
/// lower-cased plus the callback number's digits (E.164 and national), <c>SearchGrams</c> every one- and two-character
/// piece of it, GIN-indexed so that a one- or two-character Japanese query is an index lookup. Shadow properties: the
/// app reads them only in queries and never writes them.
/// </summary>
internal sealed class MessageSearchColumns : IEntityTypeConfiguration<Message>
{
    public const string Text = "SearchText";
    public const string Grams = "SearchGrams";

    public void Configure(EntityTypeBuilder<Message> e)
    {
        foreach (var property in new[] { e.Property<string?>(Text).Metadata, e.Property<string[]?>(Grams).Metadata })
        {
            property.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            property.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        }
        // The tenant in the same GIN index (btree_gin): a rare piece of one tenant is one index scan. With the pieces
        // alone, PostgreSQL intersected them with the tenant's btree, reading all 3.65 M of a big tenant's entries for
        // every rare word (decision 29).
        e.HasIndex(nameof(Message.TenantId), Grams).HasMethod("gin").HasDatabaseName("IX_Messages_TenantId_SearchGrams").IsCreatedConcurrently();
        // A typed phone number is an equality on the stored E.164 number, newest first (search and the console's lookup).
        // The tenant second: a prepared statement's generic plan assumes an average tenant, and without the tenant here
        // it intersected the number with all 3.65 M entries of a big tenant's index (decision 29).
        e.HasIndex(m => new { m.CallbackNumber, m.TenantId, m.ReceivedAt, m.Id }).HasDatabaseName("IX_Messages_CallbackNumber_TenantId").IsCreatedConcurrently();
    }
}
