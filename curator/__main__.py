from curator.cli import main

# The guard matters: the duplicate scan starts worker processes with "spawn",
# which re-imports the main module in each worker.
if __name__ == "__main__":
    raise SystemExit(main())
