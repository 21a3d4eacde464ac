using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class CallbackDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CallbackAlertedAt",
                table: "Messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CallbackDueAt",
                table: "Messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ResumedAt",
                table: "MessageEscalations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CallbackDeadlines",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Stage = table.Column<int>(type: "integer", nullable: false),
                    NextAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    SnoozedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContactId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallbackDeadlines", x => x.MessageId);
                    table.ForeignKey(
                        name: "FK_CallbackDeadlines_Messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CallbackDeadlineSettings",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    EmergencyMinutes = table.Column<int>(type: "integer", nullable: true),
                    UrgentMinutes = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallbackDeadlineSettings", x => x.TenantId);
                    table.ForeignKey(
                        name: "FK_CallbackDeadlineSettings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CallbackDeadlines_Running",
                table: "CallbackDeadlines",
                column: "NextAt",
                filter: "\"Stage\" IN (0, 1)");

            migrationBuilder.CreateIndex(
                name: "IX_CallbackDeadlines_TenantId",
                table: "CallbackDeadlines",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_CallbackDeadlineSettings_TenantId",
                table: "CallbackDeadlineSettings",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CallbackDeadlines");

            migrationBuilder.DropTable(
                name: "CallbackDeadlineSettings");

            migrationBuilder.DropColumn(
                name: "CallbackAlertedAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "CallbackDueAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "ResumedAt",
                table: "MessageEscalations");
        }
    }
}
