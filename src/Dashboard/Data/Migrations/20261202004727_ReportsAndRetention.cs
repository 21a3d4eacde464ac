using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportsAndRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReportMailings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ClaimedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ProviderReference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportMailings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportMailings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportSettings",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Recipients = table.Column<List<string>>(type: "text[]", nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportSettings", x => x.TenantId);
                    table.ForeignKey(
                        name: "FK_ReportSettings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RetentionSettings",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageMonths = table.Column<int>(type: "integer", nullable: false),
                    DetailMonths = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionSettings", x => x.TenantId);
                    table.ForeignKey(
                        name: "FK_RetentionSettings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NotificationAttempts_TenantAge",
                table: "NotificationAttempts",
                columns: new[] { "TenantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MessageEvents_Detail",
                table: "MessageEvents",
                columns: new[] { "TenantId", "At" },
                filter: "\"Kind\" NOT IN (0, 2, 3)");

            migrationBuilder.CreateIndex(
                name: "IX_MessageEscalations_Started",
                table: "MessageEscalations",
                columns: new[] { "TenantId", "StartedAt" })
                .Annotation("Npgsql:IndexInclude", new[] { "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportMailings_TenantId",
                table: "ReportMailings",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportMailings_TenantId_Month_Address",
                table: "ReportMailings",
                columns: new[] { "TenantId", "Month", "Address" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportSettings_TenantId",
                table: "ReportSettings",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_RetentionSettings_TenantId",
                table: "RetentionSettings",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportMailings");

            migrationBuilder.DropTable(
                name: "ReportSettings");

            migrationBuilder.DropTable(
                name: "RetentionSettings");

            migrationBuilder.DropIndex(
                name: "IX_NotificationAttempts_TenantAge",
                table: "NotificationAttempts");

            migrationBuilder.DropIndex(
                name: "IX_MessageEvents_Detail",
                table: "MessageEvents");

            migrationBuilder.DropIndex(
                name: "IX_MessageEscalations_Started",
                table: "MessageEscalations");
        }
    }
}
