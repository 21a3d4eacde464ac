using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class CallbackBridgeAndDeadlinesTogether : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Empty: the callback bridge and callback deadline branches each added their migration in parallel
            // (CallbackBridge, CallbackDeadlines); this one only carries the model snapshot that joins them.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Empty: the callback bridge and callback deadline branches each added their migration in parallel
            // (CallbackBridge, CallbackDeadlines); this one only carries the model snapshot that joins them.
        }
    }
}
