using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportCallbackTimesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_Escalating",
                table: "Messages");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Escalating",
                table: "Messages",
                columns: new[] { "TenantId", "ReceivedAt" },
                filter: "\"Urgency\" <> 0")
                .Annotation("Npgsql:IndexInclude", new[] { "AcknowledgedAt", "CalledBackAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_Escalating",
                table: "Messages");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Escalating",
                table: "Messages",
                columns: new[] { "TenantId", "ReceivedAt" },
                filter: "\"Urgency\" <> 0")
                .Annotation("Npgsql:IndexInclude", new[] { "AcknowledgedAt" });
        }
    }
}
