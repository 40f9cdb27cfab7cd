from django.contrib import admin

from relais.fablab.models import Category, MachineTraining, QuizQuestion, SafetyQuiz


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "validity_months", "position"]
    list_editable = ["validity_months", "position"]


class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    extra = 1


@admin.register(SafetyQuiz)
class SafetyQuizAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "pass_mark", "is_active"]
    inlines = [QuizQuestionInline]


@admin.register(MachineTraining)
class MachineTrainingAdmin(admin.ModelAdmin):
    list_display = ["workshop", "category"]
    filter_horizontal = ["machines"]
