using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class FeedVolumeIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_Status_Urgency",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_TenantId_ReceivedAt",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_TenantId_UpdatedAt",
                table: "Messages");

            migrationBuilder.CreateIndex(
                name: "IX_NotificationAttempts_Pending",
                table: "NotificationAttempts",
                column: "CreatedAt",
                filter: "\"Status\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Escalating",
                table: "Messages",
                columns: new[] { "TenantId", "ReceivedAt" },
                filter: "\"Urgency\" <> 0")
                .Annotation("Npgsql:IndexInclude", new[] { "AcknowledgedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Open",
                table: "Messages",
                columns: new[] { "TenantId", "ReceivedAt" },
                filter: "\"Status\" = 0")
                .Annotation("Npgsql:IndexInclude", new[] { "Urgency" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_ReceivedAt_Id",
                table: "Messages",
                columns: new[] { "ReceivedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_TenantId_ReceivedAt_Id",
                table: "Messages",
                columns: new[] { "TenantId", "ReceivedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_TenantId_UpdatedAt_Id",
                table: "Messages",
                columns: new[] { "TenantId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_UpdatedAt_Id",
                table: "Messages",
                columns: new[] { "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_UrgentUnresolved",
                table: "Messages",
                columns: new[] { "TenantId", "ReceivedAt" },
                filter: "\"Urgency\" <> 0 AND \"Status\" <> 2");

            migrationBuilder.CreateIndex(
                name: "IX_MessageEscalations_Exhausted",
                table: "MessageEscalations",
                columns: new[] { "TenantId", "EndedAt" },
                filter: "\"State\" = 2");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_NotificationAttempts_Pending",
                table: "NotificationAttempts");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Escalating",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Open",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_ReceivedAt_Id",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_TenantId_ReceivedAt_Id",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_TenantId_UpdatedAt_Id",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_UpdatedAt_Id",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_UrgentUnresolved",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_MessageEscalations_Exhausted",
                table: "MessageEscalations");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Status_Urgency",
                table: "Messages",
                columns: new[] { "Status", "Urgency" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_TenantId_ReceivedAt",
                table: "Messages",
                columns: new[] { "TenantId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_TenantId_UpdatedAt",
                table: "Messages",
                columns: new[] { "TenantId", "UpdatedAt" });
        }
    }
}
