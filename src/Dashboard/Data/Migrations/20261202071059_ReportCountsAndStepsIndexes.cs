using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportCountsAndStepsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Messages_ReportCounts",
                table: "Messages",
                columns: new[] { "TenantId", "ReceivedAt" })
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexInclude", new[] { "Urgency", "ForWhom", "AcknowledgedBy" });

            migrationBuilder.CreateIndex(
                name: "IX_MessageEvents_EscalationSteps",
                table: "MessageEvents",
                column: "MessageId",
                filter: "\"Kind\" = 4")
                .Annotation("Npgsql:CreatedConcurrently", true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_ReportCounts",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_MessageEvents_EscalationSteps",
                table: "MessageEvents");
        }
    }
}
