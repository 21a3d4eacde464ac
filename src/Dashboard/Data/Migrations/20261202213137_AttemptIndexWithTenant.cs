using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class AttemptIndexWithTenant : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The new index first, built without blocking writes; the old one goes only once reads have the new one.
            migrationBuilder.CreateIndex(
                name: "IX_NotificationAttempts_MessageId_TenantId_CreatedAt",
                table: "NotificationAttempts",
                columns: new[] { "MessageId", "TenantId", "CreatedAt" })
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.DropIndex(
                name: "IX_NotificationAttempts_MessageId_CreatedAt",
                table: "NotificationAttempts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_NotificationAttempts_MessageId_CreatedAt",
                table: "NotificationAttempts",
                columns: new[] { "MessageId", "CreatedAt" })
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.DropIndex(
                name: "IX_NotificationAttempts_MessageId_TenantId_CreatedAt",
                table: "NotificationAttempts");
        }
    }
}
