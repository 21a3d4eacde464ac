using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class CallbacksOverdueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_CallbackDeadlines_NotEnded",
                table: "CallbackDeadlines",
                columns: new[] { "TenantId", "DueAt" },
                filter: "\"Stage\" <> 3");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CallbackDeadlines_NotEnded",
                table: "CallbackDeadlines");
        }
    }
}
