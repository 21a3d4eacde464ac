using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <summary>
    /// History search covers the notes on a message and the notes of its callbacks (decision 21): the
    /// message's search text gains them, and adding one refills that message's search columns. Notes and callbacks are
    /// only ever added (never edited; deleted only with their message), so an insert trigger is enough. No model change.
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261202034500_HistorySearchNotes")]
    public partial class HistorySearchNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION message_search_text(m "Messages") RETURNS text
                    LANGUAGE sql STABLE PARALLEL SAFE
                    RETURN search_normalize(concat_ws(E'\n', m."CallerName", m."CallerOrganization", m."ForWhom",
                            m."Subject", m."Body", m."OperatorNote",
                            (SELECT string_agg(n."Text", E'\n' ORDER BY n."At", n."Id") FROM "MessageNotes" AS n WHERE n."MessageId" = m."Id"),
                            (SELECT string_agg(c."Note", E'\n' ORDER BY c."CalledAt", c."Id") FROM "Callbacks" AS c
                             WHERE c."MessageId" = m."Id" AND c."Note" <> '')))
                        || E'\n' || ltrim(m."CallbackNumber", '+')
                        || CASE WHEN m."CallbackNumber" LIKE '+81%' THEN E'\n0' || substr(m."CallbackNumber", 4) ELSE '' END;

                CREATE FUNCTION messages_search_refill() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "Messages" AS m SET "SearchText" = message_search_text(m), "SearchGrams" = search_grams(message_search_text(m))
                        WHERE m."Id" = NEW."MessageId";
                    RETURN NULL;
                END $$;

                CREATE TRIGGER "MessageNotes_Search" AFTER INSERT ON "MessageNotes"
                    FOR EACH ROW EXECUTE FUNCTION messages_search_refill();
                CREATE TRIGGER "Callbacks_Search" AFTER INSERT ON "Callbacks"
                    FOR EACH ROW WHEN (NEW."Note" <> '') EXECUTE FUNCTION messages_search_refill();

                UPDATE "Messages" AS m SET "SearchText" = message_search_text(m), "SearchGrams" = search_grams(message_search_text(m))
                    WHERE m."Id" IN (SELECT "MessageId" FROM "MessageNotes" UNION SELECT "MessageId" FROM "Callbacks" WHERE "Note" <> '');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Callbacks_Search" ON "Callbacks";
                DROP TRIGGER "MessageNotes_Search" ON "MessageNotes";
                DROP FUNCTION messages_search_refill();
                CREATE OR REPLACE FUNCTION message_search_text(m "Messages") RETURNS text
                    LANGUAGE sql STABLE PARALLEL SAFE
                    RETURN search_normalize(concat_ws(E'\n', m."CallerName", m."CallerOrganization", m."ForWhom",
                            m."Subject", m."Body", m."OperatorNote"))
                        || E'\n' || ltrim(m."CallbackNumber", '+')
                        || CASE WHEN m."CallbackNumber" LIKE '+81%' THEN E'\n0' || substr(m."CallbackNumber", 4) ELSE '' END;
                UPDATE "Messages" AS m SET "SearchText" = message_search_text(m), "SearchGrams" = search_grams(message_search_text(m))
                    WHERE m."Id" IN (SELECT "MessageId" FROM "MessageNotes" UNION SELECT "MessageId" FROM "Callbacks" WHERE "Note" <> '');
                """);
        }
    }
}
