using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <summary>
    /// Empty on purpose: CallbacksAndNotes, HistorySearch and ReportsAndRetention were made on parallel branches and
    /// each already changes the database; this migration only carries the model snapshot that knows all three.
    /// </summary>
    public partial class CallbacksHistoryAndReportsTogether : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
