using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class HistorySearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "SearchGrams",
                table: "Messages",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Messages",
                type: "text",
                nullable: true);

            // The search columns are the database's to keep (decision 21): one definition of what is
            // searched and how it is normalized, used by the trigger on every write, by the backfill below, and by the
            // app for the query's own terms (search_normalize, search_grams), so both sides always agree.
            migrationBuilder.Sql("""
                CREATE FUNCTION search_normalize(t text) RETURNS text
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                    RETURN lower(normalize(t, NFKC));

                -- Every one- and two-character piece of the text, without white space: a term's pieces must all be
                -- present (GIN, @>) before the term itself is looked for (strpos).
                CREATE FUNCTION search_grams(t text) RETURNS text[]
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                    RETURN ARRAY(
                        SELECT DISTINCT g FROM (
                            SELECT substr(t, i, 1) AS g FROM generate_series(1, length(t)) AS i
                            UNION ALL
                            SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i) AS pieces
                        WHERE g !~ '\s');

                CREATE FUNCTION message_search_text(m "Messages") RETURNS text
                    LANGUAGE sql STABLE PARALLEL SAFE
                    RETURN search_normalize(concat_ws(E'\n', m."CallerName", m."CallerOrganization", m."ForWhom",
                            m."Subject", m."Body", m."OperatorNote"))
                        || E'\n' || ltrim(m."CallbackNumber", '+')
                        || CASE WHEN m."CallbackNumber" LIKE '+81%' THEN E'\n0' || substr(m."CallbackNumber", 4) ELSE '' END;

                CREATE FUNCTION messages_search_fill() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."SearchText" := message_search_text(NEW);
                    NEW."SearchGrams" := search_grams(NEW."SearchText");
                    RETURN NEW;
                END $$;

                CREATE TRIGGER "Messages_Search" BEFORE INSERT OR UPDATE OF "CallerName", "CallerOrganization",
                    "CallbackNumber", "ForWhom", "Subject", "Body", "OperatorNote" ON "Messages"
                    FOR EACH ROW EXECUTE FUNCTION messages_search_fill();
                """);

            // Existing rows in batches of 5,000 by primary key, each batch its own transaction, so no lock is held for
            // long and writers carry on (new rows are filled by the trigger meanwhile).
            migrationBuilder.Sql("""
                DO $$
                DECLARE
                    done uuid := '00000000-0000-0000-0000-000000000000';
                    upto uuid;
                BEGIN
                    LOOP
                        SELECT "Id" INTO upto FROM "Messages" WHERE "Id" > done ORDER BY "Id" OFFSET 4999 LIMIT 1;
                        UPDATE "Messages" AS m SET "SearchText" = message_search_text(m),
                                "SearchGrams" = search_grams(message_search_text(m))
                            WHERE m."Id" > done AND (upto IS NULL OR m."Id" <= upto) AND m."SearchText" IS NULL;
                        COMMIT;
                        EXIT WHEN upto IS NULL;
                        done := upto;
                    END LOOP;
                END $$;
                """, suppressTransaction: true);

            migrationBuilder.CreateIndex(
                name: "IX_Messages_CallbackNumber",
                table: "Messages",
                columns: new[] { "CallbackNumber", "ReceivedAt", "Id" })
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.CreateIndex(
                name: "IX_Messages_SearchGrams",
                table: "Messages",
                column: "SearchGrams")
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "Messages_Search" ON "Messages";
                DROP FUNCTION messages_search_fill();
                DROP FUNCTION message_search_text("Messages");
                DROP FUNCTION search_grams(text);
                DROP FUNCTION search_normalize(text);
                """);

            migrationBuilder.DropIndex(
                name: "IX_Messages_CallbackNumber",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_SearchGrams",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "SearchGrams",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Messages");
        }
    }
}
