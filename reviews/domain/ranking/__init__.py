"""The combined ranking (综合评价) and the lists the office confirms from it. Import the module you need:

- scores: the pure combined score, order and tie-break (no database);
- quotas: the pure selection of who fills a quota's seats, with its outcome codes;
- weights: the weights in force, full marks and score lines; the office sets its own weights;
- board: reads the portal's data (candidates, results, seats open) into one group per quota;
- shortlists: the office confirms one group's list.
"""
