using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class SearchIndexWithTenant : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gin", ",,");

            // The new index first, built without blocking writes; the old one goes only once search has the new one.
            migrationBuilder.CreateIndex(
                name: "IX_Messages_TenantId_SearchGrams",
                table: "Messages",
                columns: new[] { "TenantId", "SearchGrams" })
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_CallbackNumber_TenantId",
                table: "Messages",
                columns: new[] { "CallbackNumber", "TenantId", "ReceivedAt", "Id" })
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.DropIndex(
                name: "IX_Messages_SearchGrams",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_CallbackNumber",
                table: "Messages");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Messages_CallbackNumber",
                table: "Messages",
                columns: new[] { "CallbackNumber", "ReceivedAt", "Id" })
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.DropIndex(
                name: "IX_Messages_CallbackNumber_TenantId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_TenantId_SearchGrams",
                table: "Messages");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:btree_gin", ",,");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_SearchGrams",
                table: "Messages",
                column: "SearchGrams")
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexMethod", "gin");
        }
    }
}
