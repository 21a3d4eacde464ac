using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class CallbackBridge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SourceReference",
                table: "Callbacks",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BridgeCalls",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StaffNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Language = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CallerNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CallerId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    CallSid = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Problem = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    DialStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    DialDurationSeconds = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StaffAnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BridgeCalls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BridgeCalls_Messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OutgoingCallerIds",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutgoingCallerIds", x => x.TenantId);
                    table.ForeignKey(
                        name: "FK_OutgoingCallerIds_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_TenantId_SourceReference",
                table: "Callbacks",
                columns: new[] { "TenantId", "SourceReference" },
                unique: true,
                filter: "\"SourceReference\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_BridgeCalls_CreatedAt",
                table: "BridgeCalls",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_BridgeCalls_MessageId_UserId_CreatedAt",
                table: "BridgeCalls",
                columns: new[] { "MessageId", "UserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BridgeCalls_TenantId",
                table: "BridgeCalls",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingCallerIds_TenantId",
                table: "OutgoingCallerIds",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BridgeCalls");

            migrationBuilder.DropTable(
                name: "OutgoingCallerIds");

            migrationBuilder.DropIndex(
                name: "IX_Callbacks_TenantId_SourceReference",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "SourceReference",
                table: "Callbacks");
        }
    }
}
